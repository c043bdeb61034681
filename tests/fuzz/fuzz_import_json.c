/*
 * fuzz_import_json.c - libFuzzer target for `relgraph import` of relgraph's
 * JSON interchange format (jsonio_import through the format table).  The
 * body is in import_common.h.
 */
#include "import_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    import_and_check("json", fuzz_write_file("in.json", data, size));
    return 0;
}
