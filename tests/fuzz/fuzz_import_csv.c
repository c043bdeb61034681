/*
 * fuzz_import_csv.c - libFuzzer target for `relgraph import` of CSV
 * (nodes.csv and edges.csv in a folder, csv_read then jsonio_import).
 *
 * Input: the nodes file, then optionally "\n--edges--\n" and the edges
 * file; without the separator the folder holds nodes.csv only.  Both are
 * written to a folder inside the per-process scratch folder, which is then
 * imported as a folder, like `relgraph import DIR`.  The body is in
 * import_common.h.
 */
#include <sys/stat.h>

#include "import_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *edges;
    size_t nodes_len, edges_len;
    char dir[256];

    snprintf(dir, sizeof dir, "%s/csv", fuzz_scratch_dir());
    mkdir(dir, 0700);
    fuzz_split(data, size, "\n--edges--\n", &nodes_len, &edges, &edges_len);
    fuzz_write_file("csv/nodes.csv", data, nodes_len);
    if (edges)
        fuzz_write_file("csv/edges.csv", edges, edges_len);
    else
        fuzz_remove_file("csv/edges.csv");
    import_and_check("csv", dir);
    return 0;
}
