/*
 * fuzz_docread_json.c - libFuzzer target for JSON document input
 * (docread_memory with RG_DOC_JSON: one object, an array of objects or JSON
 * Lines, each {"title","date","url","text"}), then the builder's
 * extraction on each document.  The body is in docread_common.h.
 */
#define FUZZ_DOC_NAME "docs.json"
#define FUZZ_DOC_FORMAT RG_DOC_JSON
#include "docread_common.h"
