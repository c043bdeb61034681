/*
 * fuzz_docread_html.c - libFuzzer target for HTML document input
 * (docread_memory with RG_DOC_HTML: libxml2's HTML parser, boilerplate
 * removal, title/date metadata), then the builder's extraction on the
 * text it yields.  The body is in docread_common.h.
 */
#define FUZZ_DOC_NAME "page.html"
#define FUZZ_DOC_FORMAT RG_DOC_HTML
#include "docread_common.h"
