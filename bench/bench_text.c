/*
 * bench_text.c - throughput of the builder's text stages on generated
 * Vietnamese-like documents: text_normalize, scan_text (tokens and
 * sentences, core/extract.h) and matching a 30,000-form phrase list
 * (phrases_match at every token of every sentence, up to the sentence's
 * end, as discover.c asks the lexicon), and the time to build that list
 * (phrases_add of every form, phrases_sort).
 *
 * The text is made of syllables with diacritics, gazetteer names and
 * sentence ends, wrapped at about 70 characters with a blank line after
 * every line (as PDF extraction leaves it), in 40 KB documents.  Times are
 * CPU time of this process, so other load on the machine matters less.
 * The baseline is a plain pass over the same bytes counting code points;
 * each stage is reported as MB/s and as a multiple of that baseline's time.
 * The text is about 90% generated syllables, so most tokens are turned
 * away by the list's first-bytes filter, as in real documents.
 *
 * usage: bench_text [MEGABYTES]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/extract.h"
#include "../core/normalize.h"

#define DOC_BYTES 40000
#define N_FORMS 30000

static const char *const SYLL[] = {
    "thành", "phố", "hợp", "tác", "quốc", "tế", "đối", "ngoại", "phát", "triển", "kinh",
    "doanh", "nghiệp", "với", "các", "địa", "phương", "trong", "những", "năm", "qua",
    "đã", "ký", "kết", "thỏa", "thuận", "về", "giáo", "dục", "y", "và", "du", "lịch",
    "ba", "ca", "da", "đô", "hà", "lê", "mi", "nô", "phú", "sơn", "tây", "uy", "vi", "xu",
    "yên", "quy",
};
#define N_SYLL (sizeof SYLL / sizeof *SYLL)

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The i-th of N_FORMS distinct names: a capital and three of the last 16
 * syllables, then one of the first 8 (not a digit glued to the last word:
 * text_normalize takes that for a footnote mark and drops it). */
static void form_name(unsigned i, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s%s %s %s %s", i % 2 ? "T" : "K", SYLL[N_SYLL - 16 + i % 16],
             SYLL[N_SYLL - 16 + (i / 16) % 16], SYLL[N_SYLL - 16 + (i / 256) % 16],
             SYLL[(i / 4096) % 8]);
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

/* Finds the list's names in every sentence of s the way the builder's
 * lexicon look-up walks a document: at every token, up to the end of its
 * sentence; a name found is stepped over.  Returns how many. */
static size_t match_names(const rg_phrases *p, const rg_scan *s)
{
    size_t found = 0;
    for (size_t k = 0; k < s->nsent; k++) {
        size_t lim = s->sent[k].t1;
        for (size_t i = s->sent[k].t0; i < lim;) {
            size_t hits[PH_MAX_HITS], nhits = 0, n = phrases_match(p, s, i, lim, hits, &nhits);
            found += n > 0;
            i += n ? n : 1;
        }
    }
    return found;
}

int main(int argc, char **argv)
{
    size_t mb = argc > 1 ? (size_t)atoi(argv[1]) : 8, n_docs = mb * 1000000 / DOC_BYTES, total = 0;
    char **docs = calloc(n_docs, sizeof *docs);
    size_t *lens = calloc(n_docs, sizeof *lens);
    unsigned seed = 42;
    double t0, t_base = 0, t_norm = 0, t_scan = 0, t_match = 0, t_build;
    rg_phrases names = {0};
    rg_error err = {0};
    size_t n_tok = 0, n_sent = 0, n_match = 0;
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
    t0 = cpu_now();
    for (unsigned i = 0; i < N_FORMS; i++) {
        form_name(i, name, sizeof name);
        if (phrases_add(&names, name, i, &err) != RG_OK) {
            fprintf(stderr, "bench_text: %s\n", err.msg);
            return 1;
        }
    }
    phrases_sort(&names);
    t_build = cpu_now() - t0;

    for (size_t d = 0; d < n_docs; d++) {
        rg_text t;
        rg_scan s;
        size_t cps = 0;

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
        if (scan_text(t.text, t.len, &s, &err) != RG_OK) {
            fprintf(stderr, "bench_text: %s\n", err.msg);
            return 1;
        }
        t_scan += cpu_now() - t0;
        t0 = cpu_now();
        n_match += match_names(&names, &s);
        t_match += cpu_now() - t0;
        n_tok += s.ntok;
        n_sent += s.nsent;
        scan_free(&s);
        rg_text_free(&t);
    }
    {
        double mbs = (double)total / 1e6;
        printf("text stages on %.1f MB (%zu documents of %d KB), %zu tokens, %zu sentences, "
               "%zu names found\n", mbs, n_docs, DOC_BYTES / 1000, n_tok, n_sent, n_match);
        printf("  baseline (count code points) %7.0f MB/s\n", mbs / t_base);
        printf("  normalize                    %7.0f MB/s  %5.1fx baseline time\n", mbs / t_norm, t_norm / t_base);
        printf("  scan (tokens, sentences)     %7.0f MB/s  %5.1fx baseline time\n", mbs / t_scan, t_scan / t_base);
        printf("  phrase match (30k forms)     %7.0f MB/s  %5.1fx baseline time\n", mbs / t_match, t_match / t_base);
        printf("  all three                    %7.0f MB/s\n", mbs / (t_norm + t_scan + t_match));
        printf("  phrase list build, %d forms %7.3f s\n", N_FORMS, t_build);
    }
    phrases_free(&names);
    for (size_t d = 0; d < n_docs; d++)
        free(docs[d]);
    free(docs);
    free(lens);
    return (int)(sink & 0);
}
