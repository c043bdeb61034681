/*
 * fuzz_import_graphml.c - libFuzzer target for `relgraph import` of GraphML
 * (graphml_read with libxml2, then jsonio_import).  The body is in
 * import_common.h; the reader takes a path, so the input is written to a
 * file in the per-process scratch folder first.
 */
#include "import_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    import_and_check("graphml", fuzz_write_file("in.graphml", data, size));
    return 0;
}
