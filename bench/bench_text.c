/*
 * bench_text.c - throughput of the builder's text stages (normalize,
 * segment, lexicon find) on generated Vietnamese-like documents, and the
 * compile time of a 30,000-form lexicon.
 *
 * The text is made of syllables with diacritics, gazetteer names and
 * sentence ends, wrapped at about 70 characters with a blank line after
 * every line (as PDF extraction leaves it), in 40 KB documents.  Times are
 * CPU time of this process, so other load on the machine matters less.
 * The baseline is a plain pass over the same bytes counting code points;
 * each stage is reported as MB/s and as a multiple of that baseline's time.
 *
 * usage: bench_text [MEGABYTES]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/lexicon.h"
#include "../core/normalize.h"
#include "../core/segment.h"

#define DOC_BYTES 40000
#define N_FORMS 30000

static const char *const SYLL[] = {
    "thành", "phố", "hợp", "tác", "quốc", "tế", "đối", "ngoại", "phát", "triển", "kinh",
    "doanh", "nghiệp", "với", "các", "địa", "phương", "trong", "những", "năm", "qua",
    "đã", "ký", "kết", "thỏa", "thuận", "về", "giáo", "dục", "y", "và", "du", "lịch",
    "ba", "ca", "da", "đô", "hà", "lê", "mi", "nô", "phú", "sơn", "tây", "uy", "vi", "xu",
    "yên",
};
#define N_SYLL (sizeof SYLL / sizeof *SYLL)

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void form_name(unsigned i, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s%s %s %s%u", i % 2 ? "T" : "K", SYLL[33 + i % 16],
             SYLL[33 + (i / 16) % 16], SYLL[33 + (i / 256) % 16], i / 4096);
}

/* One document: wrapped lines of syllables, names and sentence ends. */
static size_t make_doc(char *out, size_t cap, unsigned *seed)
{
    size_t len = 0, col = 0;
    char word[64];
    int capital = 1;

    while (len + 80 < cap) {
        unsigned r = (*seed = *seed * 1103515245u + 12345u) >> 8;
        if (r % 23 == 0)
            form_name(r % N_FORMS, word, sizeof word);
        else
            snprintf(word, sizeof word, "%s%s", SYLL[r % N_SYLL], r % 13 == 0 ? "." : r % 7 == 0 ? "," : "");
        if (col > 65) {
            memcpy(out + len, " \n\n", 3);
            len += 3;
            col = 0;
        } else if (col > 0) {
            out[len++] = ' ';
            col++;
        }
        if (capital && word[0] >= 'a' && word[0] <= 'z')
            word[0] = (char)(word[0] - 32);
        capital = word[strlen(word) - 1] == '.';
        memcpy(out + len, word, strlen(word));
        len += strlen(word);
        col += strlen(word);
    }
    return len;
}

int main(int argc, char **argv)
{
    size_t mb = argc > 1 ? (size_t)atoi(argv[1]) : 8, n_docs = mb * 1000000 / DOC_BYTES, total = 0;
    char **docs = calloc(n_docs, sizeof *docs);
    size_t *lens = calloc(n_docs, sizeof *lens);
    unsigned seed = 42;
    double t0, t_base = 0, t_norm = 0, t_seg = 0, t_find = 0, t_compile;
    rg_lexicon *lex = NULL;
    rg_error err = {0};
    size_t n_sent = 0, n_match = 0;
    volatile size_t sink = 0;
    char name[64];

    if (!docs || !lens)
        return 1;
    for (size_t d = 0; d < n_docs; d++) {
        docs[d] = malloc(DOC_BYTES);
        if (!docs[d])
            return 1;
        lens[d] = make_doc(docs[d], DOC_BYTES, &seed);
        total += lens[d];
    }
    if (lexicon_new(&lex, &err) != RG_OK)
        return 1;
    for (unsigned i = 0; i < N_FORMS; i++) {
        form_name(i, name, sizeof name);
        if (lexicon_add(lex, name, i, i % 5 == 0 ? RG_LEX_NEEDS_CAPITAL : 0, &err) != RG_OK)
            return 1;
    }
    t0 = cpu_now();
    if (lexicon_compile(lex, &err) != RG_OK)
        return 1;
    t_compile = cpu_now() - t0;

    for (size_t d = 0; d < n_docs; d++) {
        rg_text t;
        rg_span *sp = NULL;
        rg_lex_match *m = NULL;
        size_t ns = 0, nm = 0, cps = 0;

        t0 = cpu_now();
        for (size_t i = 0; i < lens[d]; i++)
            cps += ((unsigned char)docs[d][i] & 0xC0) != 0x80;
        sink += cps;
        t_base += cpu_now() - t0;

        t0 = cpu_now();
        if (text_normalize(docs[d], lens[d], &t, &err) != RG_OK) {
            fprintf(stderr, "bench_text: %s\n", err.msg);
            return 1;
        }
        t_norm += cpu_now() - t0;
        t0 = cpu_now();
        if (text_segment(t.text, t.len, &sp, &ns, &err) != RG_OK)
            return 1;
        t_seg += cpu_now() - t0;
        t0 = cpu_now();
        if (lexicon_find(lex, t.text, t.len, &m, &nm, &err) != RG_OK)
            return 1;
        t_find += cpu_now() - t0;
        n_sent += ns;
        n_match += nm;
        free(sp);
        free(m);
        rg_text_free(&t);
    }
    {
        double mbs = (double)total / 1e6;
        printf("text stages on %.1f MB (%zu documents of %d KB), %zu sentences, %zu names found\n",
               mbs, n_docs, DOC_BYTES / 1000, n_sent, n_match);
        printf("  baseline (count code points) %7.0f MB/s\n", mbs / t_base);
        printf("  normalize                    %7.0f MB/s  %5.1fx baseline time\n", mbs / t_norm, t_norm / t_base);
        printf("  segment                      %7.0f MB/s  %5.1fx baseline time\n", mbs / t_seg, t_seg / t_base);
        printf("  lexicon find (30k forms)     %7.0f MB/s  %5.1fx baseline time\n", mbs / t_find, t_find / t_base);
        printf("  all three                    %7.0f MB/s\n", mbs / (t_norm + t_seg + t_find));
        printf("  lexicon compile, %d forms   %7.3f s\n", N_FORMS, t_compile);
    }
    lexicon_free(lex);
    for (size_t d = 0; d < n_docs; d++)
        free(docs[d]);
    free(docs);
    free(lens);
    return (int)(sink & 0);
}
