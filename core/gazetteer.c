/*
 * gazetteer.c - lexicon entries from libgeonames and iso-codes (see
 * gazetteer.h).
 *
 * Cities: libgeonames keeps its cities in a compiled GVariant resource and
 * translates names through gettext with the geonames id as the message id
 * (catalogue "geonames"), so each city's English name comes from the
 * record and its Vietnamese name from dgettext("geonames", id).  Countries:
 * iso-codes' ISO 3166-1 JSON, translated with dgettext("iso_3166-1", name).
 * dgettext needs a non-"C" locale for LANGUAGE to count; C.UTF-8 is built
 * into glibc, so the thread switches to it (uselocale, thread-local) and
 * sets LANGUAGE only while reading, then restores both.
 *
 * Everything is first loaded into a table (rg_gaz_table): per entry its
 * forms (surface and folded, in one string chunk), flags, codes and
 * population, and for a city its libgeonames index, so that the admin1 and
 * coordinates nobody may ask for are not read at all at start-up (reading
 * the four fields needed, one GVariant child each, costs a third of a
 * whole-record g_variant_get).  The JSON functions convert the table; the
 * builder compiles from it directly.
 *
 * Ambiguity is a rule, not a list of answers: a folded form of three
 * letters or fewer, or one equal to a common English or Vietnamese word
 * (COMMON_WORDS below, folded and sorted once per load, then bsearch).
 * Homonyms are found with a GHashTable counting folded forms.
 */
#include "gazetteer.h"

#include <geonames.h>
#include <libintl.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"

/* Common words that are also place names somewhere, or could be: English
 * words of everyday text and Vietnamese words and compounds (written with
 * their diacritics; folding makes "hòa bình" and "Hoa Binh" one form).  A
 * general vocabulary list, not names from any corpus. */
static const char *const COMMON_WORDS[] = {
    /* English */
    "about", "above", "academy", "accord", "action", "active", "adventure", "after", "again",
    "agency", "air", "alliance", "alpha", "amber", "anchor", "angel", "answer", "apple",
    "arch", "arena", "armour", "arrow", "art", "ash", "aspen", "atlas", "aurora", "autumn",
    "avenue", "baker", "bald", "ball", "bank", "banner", "bar", "barrier", "basin", "bass",
    "bath", "battle", "bay", "beach", "bear", "beaver", "bell", "belt", "bend", "berry",
    "best", "big", "birch", "bird", "black", "blade", "bliss", "bloom", "blue",
    "bluff", "board", "boat", "bold", "bond", "border", "bottom", "boulder", "bound",
    "bow", "box", "branch", "brave", "bread", "bridge", "bright", "brook", "brown", "buffalo",
    "bull", "burn", "bush", "butte", "cabin", "cable", "call", "calm", "camp",
    "canal", "candle", "cannon", "canyon", "cape", "capital", "car", "card", "care",
    "carpenter", "carrier", "case", "castle", "cave", "cedar", "center", "centre", "chance",
    "chapel", "charity", "charm", "chase", "cherry", "chief", "china", "church",
    "circle", "citizen", "city", "clay", "clear", "cliff", "climate", "clinton", "clover",
    "club", "coal", "coast", "college", "colony", "comfort", "commerce", "common",
    "community", "concord", "congress", "content", "cook", "copper", "coral",
    "corner", "cotton", "council", "country", "county", "court", "cove", "crane", "creek",
    "crest", "cross", "crown", "crystal", "cup", "dale", "dawn", "day", "deal",
    "deer", "delta", "desert", "destiny", "diamond", "dock", "dollar", "dome", "dove",
    "dragon", "dream", "drive", "drum", "dune", "eagle", "early", "earth", "east",
    "echo", "eden", "edge", "elm", "ember", "empire", "energy", "enterprise", "equality",
    "euro", "evening", "ever", "fair", "faith", "falcon", "fall", "falls", "fame",
    "farm", "father", "ferry", "field", "fire", "first", "fish", "flag", "flat", "flint",
    "flower", "ford", "forest", "fort", "fortune", "forum", "fountain", "fox", "frank",
    "free", "freedom", "friend", "friendship", "frontier", "garden", "gate", "gem", "general",
    "giant", "glade", "glen", "glory", "gold", "golden", "good", "grace", "grand", "granite",
    "grant", "grass", "gray", "great", "green", "grove", "guard", "gulf", "hall", "halo",
    "hamlet", "hand", "harbor", "harbour", "hardy", "harmony", "harvest", "haven", "hay",
    "health", "heart", "heath", "heaven", "height", "heights", "hell", "help", "heritage",
    "hero", "hickory", "high", "highland", "hill", "hills", "holly", "home", "homestead",
    "honey", "hope", "horizon", "horn", "horse", "hot", "house", "hudson", "hue", "humble",
    "hunt", "hunter", "idea", "image", "independence", "industry", "iron", "island", "ivy",
    "jade", "jewel", "joy", "jersey", "jordan", "july", "june", "junction", "jungle",
    "justice", "key", "king", "kingdom", "knight", "lake", "lakes", "land", "lane", "laurel",
    "law", "leader", "leaf", "legend", "liberty", "light", "lily", "lime", "lincoln", "lion",
    "little", "live", "lodge", "lone", "long", "lotus", "love", "lovely", "low", "lucky",
    "magic", "magnolia", "main", "mall", "manor", "maple", "march", "marina", "mark",
    "market", "marsh", "mason", "master", "meadow", "medal", "media", "melody", "mercy",
    "merit", "mesa", "metro", "middle", "midland", "mill", "miller", "mine", "mint",
    "mission", "mobile", "model", "moment", "monument", "moon", "morning", "mount",
    "mountain", "music", "mystic", "nation", "national", "native", "nature", "navy", "needle",
    "new", "news", "nice", "night", "noble", "normal", "north", "novel", "oak", "ocean",
    "office", "old", "olive", "omega", "opal", "open", "orange", "orchard", "order", "orient",
    "pacific", "page", "palm", "paradise", "park", "party", "pass",
    "patience", "peace", "peak", "pearl", "pebble", "pepper", "phoenix", "pilot", "pine",
    "pioneer", "place", "plain", "plains", "planet", "plaza", "pleasant", "plenty", "point",
    "pole", "pond", "pool", "poplar", "port", "post", "power", "prairie", "premier", "price",
    "pride", "prime", "prince", "princess", "progress", "promise", "prospect", "providence",
    "quarry", "queen", "quest", "quiet", "rain", "rainbow", "ranch", "range", "rapid",
    "rapids", "raven", "reading", "ready", "record", "red", "reef", "reform", "rest",
    "republic", "review", "rich", "ridge", "ring", "rise", "river", "road", "rock", "rocky",
    "rose", "round", "royal", "ruby", "rush", "safe", "sage", "saint",
    "salt", "sand", "sandy", "saturn", "school", "sea", "season", "second", "sentinel",
    "shade", "shadow", "shell", "shelter", "shield", "shore", "sierra", "silver", "sky",
    "slate", "smith", "snow", "society", "solar", "sound", "south", "space", "spa", "spark",
    "spring", "springs", "square", "star", "state", "station", "steel", "sterling", "stone",
    "storm", "story", "stream", "strong", "success", "summer", "summit", "sun", "sunny",
    "sunrise", "sunset", "sunshine", "superior", "supreme", "swan", "sweet", "table",
    "temple", "terrace", "thunder", "tide", "tiger", "timber", "time", "today", "torch",
    "tower", "town", "trade", "trail", "tree", "triumph", "trust", "truth", "tulip",
    "turkey", "twin", "union", "unity", "university", "urban", "valley", "venture", "victory",
    "view", "village", "vine", "vision", "vista", "volunteer", "wall", "war", "warren",
    "washington", "water", "wave", "way", "wealth", "welcome", "well", "wells", "west",
    "white", "wild", "william", "willow", "wind", "winter", "wisdom", "wolf", "wonder",
    "wood", "woods", "world", "young", "split", "sale", "bury", "worth",
    "chad", "guinea", "georgia", "darling", "gap",
    "mold", "marshall", "wayne",
    "taylor", "jackson", "hamilton", "franklin", "madison", "monroe", "florence", "victoria",
    "austin", "eugene", "lawrence", "regina", "chandler", "carver", "carson",
    /* Vietnamese: words and common compounds */
    "an", "anh", "ba", "bà", "bạn", "bắc", "bến", "biển", "bình", "bình an", "bình minh",
    "bình yên", "bông", "cao", "cầu", "chợ", "chùa", "cờ", "cô", "công", "cửa", "dân",
    "dân chủ", "đông", "đồng", "đất", "đảo", "đại", "đỏ", "độc lập", "đức", "em", "gia",
    "giang", "hà", "hải", "hải dương", "hạnh phúc", "hoa", "hòa", "hòa bình", "hòa hợp",
    "hồ", "hội", "hồng", "hưng", "hương", "hữu nghị", "kim", "làng", "lâm", "lào", "lễ",
    "liên", "long", "lợi", "mai", "minh", "mới", "mỹ", "nam", "nghĩa", "ngọc", "nhân",
    "nhân dân", "núi", "phong", "phú", "phúc", "phước", "quang", "quốc", "sao", "sen",
    "sơn", "sông", "tây", "tân", "thái", "thái bình", "thanh", "thành", "thành công",
    "thắng lợi", "thiên", "thịnh", "thống nhất", "thủ đô", "thuận", "tiến", "tiến bộ",
    "tình", "tỉnh", "tự do", "trung", "trung tâm", "trường", "tuổi", "văn", "vàng", "việt",
    "vinh", "vĩnh", "vui", "xanh", "xuân", "yên", "hữu", "nước", "đoàn kết", "phát triển",
    "quang minh", "an ninh", "an toàn", "bình thường", "chiến thắng", "đời sống", "thịnh vượng",
    "trường sơn", "quyết thắng", "thanh bình", "an lạc", "hòa an", "phú quý", "vạn xuân",
    "hy vọng", "tương lai", "mùa xuân", "phương đông", "đông phương", "bình đẳng",
    /* Vietnamese syllables common in personal names: a capitalised "Long" or
     * "Minh" in Vietnamese text is far more often a person than a place */
    "bach", "bang", "bao", "cam", "canh", "chau", "chien", "chinh", "cuong", "dang", "danh",
    "dao", "diem", "dien", "diep", "dinh", "doan", "dung", "duong", "giang", "hang", "hanh",
    "hien", "hieu", "hoai", "hoan", "hoang", "hung", "huong", "huyen", "khang", "khanh", "khoa",
    "khoi", "kien", "lanh", "lien", "linh", "loan", "luan", "luong", "manh", "ngan", "nghia",
    "ngoc", "nguyen", "nhan", "nhat", "nhung", "ninh", "oanh", "phat", "phuc", "phuong", "quan",
    "quoc", "quyen", "quynh", "sang", "thai", "thang", "thanh", "thao", "thien", "thinh",
    "thuan", "thuy", "tien", "toan", "trang", "trinh", "trong", "truc", "trung", "truong",
    "tuan", "tung", "tuyet", "uyen", "viet", "vuong", "xuan",
    /* common family names (English, Spanish, Portuguese, French, German):
     * "Mitchell" or "Castro" after a given name is a person, not a town */
    "smith", "johnson", "williams", "brown", "jones", "miller", "davis", "wilson", "anderson",
    "thomas", "moore", "martin", "thompson", "harris", "clark", "lewis", "robinson",
    "walker", "allen", "wright", "scott", "adams", "nelson", "carter", "mitchell", "roberts",
    "turner", "phillips", "campbell", "parker", "evans", "edwards", "collins", "stewart",
    "morris", "murphy", "rogers", "morgan", "cooper", "peterson", "reed", "bailey", "kelly",
    "howard", "ward", "richardson", "watson", "brooks", "bennett", "james", "hughes",
    "sanders", "myers", "ross", "foster", "powell", "jenkins", "perry", "russell", "sullivan",
    "fisher", "henderson", "graham", "wallace", "cole", "owens", "reynolds", "ellis",
    "harrison", "gibson", "kennedy", "hayes", "murray", "mills", "palmer", "jefferson",
    "tyler", "douglas", "burke", "hart", "dixon", "hoover", "kent", "newton", "bradford",
    "clayton", "charlotte", "augusta", "marion", "lafayette",
    "garcia", "lopez", "martinez", "rodriguez", "gonzalez", "perez", "sanchez", "ramirez",
    "torres", "flores", "rivera", "gomez", "diaz", "reyes", "morales", "cruz", "ortiz",
    "gutierrez", "chavez", "ramos", "ruiz", "alvarez", "mendoza", "vasquez", "castillo",
    "jimenez", "moreno", "romero", "herrera", "medina", "aguilar", "vargas", "guzman",
    "mendez", "castro", "santos", "silva", "souza", "costa", "pereira", "oliveira",
    "ferreira", "alves", "carvalho", "barbosa", "ribeiro", "almeida", "bernard", "dubois",
    "durand", "lefebvre", "moreau", "laurent", "fournier", "muller", "schmidt", "schneider",
    "weber", "meyer", "wagner", "becker", "hoffmann", "schulz", "bolivar", "hidalgo",
};

/* Generic prefixes of translated names: "Thành phố Hồ Chí Minh" also gives
 * "Hồ Chí Minh".  Both spellings of the capital occur in the catalogues. */
static const char *const VI_PREFIXES[] = {
    "Thành phố ", "Thành Phố ", "thành phố ", "Tỉnh ", "tỉnh ", "Quận ", "quận ",
    "Huyện ", "huyện ", "Thị xã ", "thị xã ", "Thị Xã ", "Thị trấn ", "thị trấn ", "Đặc khu ",
};

/* ---- the word set ---------------------------------------------------- */

typedef struct wordset {
    char **words;   /* folded, sorted by strcmp */
    size_t n;
} wordset;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void wordset_free(wordset *ws)
{
    for (size_t i = 0; i < ws->n; i++)
        free(ws->words[i]);
    free(ws->words);
    ws->words = NULL;
    ws->n = 0;
}

static rg_status wordset_build(wordset *ws, rg_error *err)
{
    size_t n = sizeof COMMON_WORDS / sizeof COMMON_WORDS[0];
    rg_status rc;

    ws->n = 0;
    ws->words = calloc(n, sizeof *ws->words);
    if (!ws->words)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        rc = text_fold(COMMON_WORDS[i], strlen(COMMON_WORDS[i]), &ws->words[ws->n], err);
        if (rc != RG_OK) {
            wordset_free(ws);
            return rc;
        }
        ws->n++;
    }
    qsort(ws->words, ws->n, sizeof *ws->words, cmp_str);
    return RG_OK;
}

static bool wordset_has(const wordset *ws, const char *folded)
{
    return bsearch(&folded, ws->words, ws->n, sizeof *ws->words, cmp_str) != NULL;
}

static bool wordset_ordinary(const wordset *ws, const char *folded)
{
    if (text_utf8_count(folded, strlen(folded)) <= 3)
        return true;
    return wordset_has(ws, folded);
}

/* True when surface form s has two words or more and every word, folded,
 * is a common word or name syllable.  Used for Vietnamese places only, whose
 * names are made of the syllables of personal names: "Xuân Mai" is a town
 * and a woman's name.  (Sino-Vietnamese names of Chinese cities are made of
 * the same syllables but are not given names: "Quảng Châu" stays.) */
static rg_status all_words_ordinary(const wordset *ws, const char *s, bool *out, rg_error *err)
{
    size_t words = 0;
    rg_status rc = RG_OK;

    *out = true;
    while (*s && *out) {
        size_t n = strcspn(s, " -");
        char *f = NULL;
        if (n > 0) {
            if ((rc = text_fold(s, n, &f, err)) != RG_OK)
                return rc;
            if (*f) {
                words++;
                *out = wordset_has(ws, f);
            }
            free(f);
        }
        s += n;
        s += strspn(s, " -");
    }
    *out = *out && words >= 2;
    return rc;
}

/* ---- translations ------------------------------------------------------ */

typedef struct translator {
    locale_t loc, old;
    char *saved_language;   /* LANGUAGE before begin, NULL when unset */
    bool active;
} translator;

static void translator_begin(translator *t, const char *language)
{
    const char *prev = getenv("LANGUAGE");

    memset(t, 0, sizeof *t);
    t->loc = newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0);
    if (t->loc == (locale_t)0)
        return;
    if (prev) {
        t->saved_language = strdup(prev);
        if (!t->saved_language) {
            freelocale(t->loc);
            return;
        }
    }
    if (setenv("LANGUAGE", language ? language : "vi", 1) != 0) {
        free(t->saved_language);
        freelocale(t->loc);
        return;
    }
    t->old = uselocale(t->loc);
    t->active = true;
}

/* The translation of msgid in domain, or NULL when there is none. */
static const char *translator_get(const translator *t, const char *domain, const char *msgid)
{
    const char *s;

    if (!t->active || !msgid || !*msgid)
        return NULL;
    s = dgettext(domain, msgid);
    return (s == msgid || strcmp(s, msgid) == 0) ? NULL : s;
}

static void translator_end(translator *t)
{
    if (!t->active)
        return;
    uselocale(t->old);
    freelocale(t->loc);
    if (t->saved_language)
        setenv("LANGUAGE", t->saved_language, 1);
    else
        unsetenv("LANGUAGE");
    free(t->saved_language);
    t->active = false;
}

/* ---- the table ---------------------------------------------------------- */

static rg_status oom(rg_error *err)
{
    return rg_fail(err, RG_ERR_NOMEM, "out of memory");
}

enum { GZ_CITY, GZ_COUNTRY };

/* One entry.  A city keeps only what start-up needs (its forms, country
 * code, population); its admin1 and coordinates are read from libgeonames
 * again, by index, when its attrs are asked for. */
typedef struct gz_entry {
    uint32_t form0, nforms;     /* its forms: the table's [form0, form0 + nforms), name first */
    uint32_t population;        /* cities; 0 for countries */
    int32_t ref;                /* city: libgeonames index; country: index in t->countries */
    const char *code;           /* city: country code; country: alpha-2 */
    const char *id;             /* city: geonames id; country: alpha-3 */
    uint8_t kind;               /* GZ_CITY, GZ_COUNTRY */
    bool ambiguous, homonym;
} gz_entry;

/* What only the 249 countries have (kept apart: 25,000 cities would carry
 * it for nothing). */
typedef struct gz_country {
    const char *numeric;        /* numeric code or NULL */
    const char *coords_of;      /* the city lat/lon are of, or NULL */
    double lat, lon;            /* with coords_of */
} gz_country;

/* Strings live in one GStringChunk (no malloc per string); forms are three
 * parallel arrays so a run of an entry's folded forms is a plain array. */
struct rg_gaz_table {
    GStringChunk *str;
    gz_entry *e;
    size_t n, cap;
    const char **surface, **folded;
    uint8_t *amb;               /* per form: an ordinary word (gazetteer.h "ambiguous") */
    size_t nf, capf;
    gz_country *countries;
    size_t n_countries, cap_countries;
};

static rg_status table_new(rg_gaz_table **out, rg_error *err)
{
    rg_gaz_table *t = calloc(1, sizeof *t);
    if (!t)
        return oom(err);
    t->str = g_string_chunk_new(64 * 1024);
    *out = t;
    return RG_OK;
}

void gazetteer_table_free(rg_gaz_table *t)
{
    if (!t)
        return;
    g_string_chunk_free(t->str);
    free(t->e);
    free(t->surface);
    free(t->folded);
    free(t->amb);
    free(t->countries);
    free(t);
}

static const char *intern(rg_gaz_table *t, const char *s)
{
    return s ? g_string_chunk_insert(t->str, s) : NULL;
}

/* Room for at least `entries` entries and `forms` forms in all. */
static rg_status table_reserve(rg_gaz_table *t, size_t entries, size_t forms, rg_error *err)
{
    if (entries > t->cap) {
        gz_entry *v = realloc(t->e, entries * sizeof *v);
        if (!v)
            return oom(err);
        t->e = v;
        t->cap = entries;
    }
    if (forms > t->capf) {
        const char **s = realloc(t->surface, forms * sizeof *s);
        const char **f = s ? realloc(t->folded, forms * sizeof *f) : NULL;
        uint8_t *a = f ? realloc(t->amb, forms) : NULL;
        if (s)
            t->surface = s;
        if (f)
            t->folded = f;
        if (a)
            t->amb = a;
        if (!a)
            return oom(err);
        t->capf = forms;
    }
    return RG_OK;
}

/* Appends a form (surface copied, folded taken and freed). */
static rg_status form_push(rg_gaz_table *t, const char *surface, char *folded, rg_error *err)
{
    rg_status rc;

    if (t->nf == t->capf &&
        (rc = table_reserve(t, t->cap, t->capf ? t->capf * 2 : 4096, err)) != RG_OK) {
        free(folded);
        return rc;
    }
    t->surface[t->nf] = intern(t, surface);
    t->folded[t->nf] = intern(t, folded);
    t->amb[t->nf] = 0;
    t->nf++;
    free(folded);
    return RG_OK;
}

/* Starts entry t->e[t->n] (committed by t->n++, dropped by not doing so). */
static rg_status entry_begin(rg_gaz_table *t, uint8_t kind, const char *name, gz_entry **out,
                             rg_error *err)
{
    char *f = NULL;
    gz_entry *e;
    rg_status rc;

    if (t->n == t->cap &&
        (rc = table_reserve(t, t->cap ? t->cap * 2 : 1024, t->capf, err)) != RG_OK)
        return rc;
    e = &t->e[t->n];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->ref = -1;
    e->form0 = (uint32_t)t->nf;
    if ((rc = text_fold(name, strlen(name), &f, err)) != RG_OK ||
        (rc = form_push(t, name, f, err)) != RG_OK) {
        t->nf = e->form0;
        return rc;
    }
    e->nforms = 1;
    *out = e;
    return RG_OK;
}

static void entry_discard(rg_gaz_table *t, gz_entry *e)
{
    t->nf = e->form0;
}

/* Adds alias unless it folds to "" or to a form the entry already has. */
static rg_status entry_alias(rg_gaz_table *t, gz_entry *e, const char *alias, rg_error *err)
{
    char *f = NULL;
    rg_status rc;

    if (!alias || !*alias)
        return RG_OK;
    if ((rc = text_fold(alias, strlen(alias), &f, err)) != RG_OK)
        return rc;
    if (!*f) {
        free(f);
        return RG_OK;
    }
    for (uint32_t k = e->form0; k < e->form0 + e->nforms; k++)
        if (strcmp(t->folded[k], f) == 0) {
            free(f);
            return RG_OK;
        }
    if ((rc = form_push(t, alias, f, err)) != RG_OK)
        return rc;
    e->nforms++;
    return RG_OK;
}

/* Adds a translated name and, when it starts with a generic prefix, the
 * name without it. */
static rg_status entry_translated(rg_gaz_table *t, gz_entry *e, const char *vi, rg_error *err)
{
    rg_status rc = entry_alias(t, e, vi, err);

    for (size_t i = 0; rc == RG_OK && vi && i < sizeof VI_PREFIXES / sizeof VI_PREFIXES[0]; i++) {
        size_t n = strlen(VI_PREFIXES[i]);
        if (strncmp(vi, VI_PREFIXES[i], n) == 0 && vi[n])
            rc = entry_alias(t, e, vi + n, err);
    }
    return rc;
}

/* Marks the forms that are ordinary words (and, with vn_names, Vietnamese
 * place names made only of such words). */
static void entry_flags(rg_gaz_table *t, gz_entry *e, const wordset *ws, bool vn_names)
{
    e->ambiguous = false;
    for (uint32_t k = e->form0; k < e->form0 + e->nforms; k++) {
        bool words = false;
        if (!wordset_ordinary(ws, t->folded[k]) &&
            (!vn_names || all_words_ordinary(ws, t->surface[k], &words, NULL) != RG_OK || !words))
            continue;
        t->amb[k] = 1;
        e->ambiguous = true;
    }
}

/* With opt->drop_ambiguous: drops the ambiguous aliases, or the whole
 * entry (*drop) when its name is one. */
static void entry_drop_ambiguous(rg_gaz_table *t, gz_entry *e, bool *drop)
{
    uint32_t k = e->form0 + 1;

    *drop = t->amb[e->form0];
    if (*drop || !e->ambiguous)
        return;
    for (uint32_t i = e->form0 + 1; i < e->form0 + e->nforms; i++) {
        if (t->amb[i])
            continue;
        t->surface[k] = t->surface[i];
        t->folded[k] = t->folded[i];
        t->amb[k] = 0;
        k++;
    }
    e->nforms = k - e->form0;
    t->nf = k;
    e->ambiguous = false;
}

/* Keeps entry e (the last begun) unless opt drops it; counts it in st. */
static void entry_commit(rg_gaz_table *t, gz_entry *e, const rg_gaz_options *opt, bool translated,
                         rg_gaz_stats *st)
{
    if (opt && opt->drop_ambiguous) {
        bool drop;
        entry_drop_ambiguous(t, e, &drop);
        if (drop) {
            entry_discard(t, e);
            return;
        }
    }
    t->n++;
    st->entries++;
    st->translated += translated;
    st->ambiguous += e->ambiguous;
}

/* ---- homonyms ---------------------------------------------------------- */

/* counts[form] = number of entries [from, to) carrying it (keys borrowed). */
static void count_forms(GHashTable *counts, const rg_gaz_table *t, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        for (uint32_t k = t->e[i].form0; k < t->e[i].form0 + t->e[i].nforms; k++) {
            const char *f = t->folded[k];
            if (*f)
                g_hash_table_insert(counts, (gpointer)f, GUINT_TO_POINTER(
                    GPOINTER_TO_UINT(g_hash_table_lookup(counts, f)) + 1));
        }
}

/* Flags homonym on the entries [from, to) one of whose forms the entries
 * [among_from, among_to) carry at least `min` times; adds the newly flagged
 * to *count. */
static void flag_homonyms(rg_gaz_table *t, size_t from, size_t to, size_t among_from,
                          size_t among_to, guint min, size_t *count)
{
    GHashTable *counts = g_hash_table_new(g_str_hash, g_str_equal);

    count_forms(counts, t, among_from, among_to);
    for (size_t i = from; i < to; i++) {
        gz_entry *e = &t->e[i];
        if (e->homonym)
            continue;
        for (uint32_t k = e->form0; k < e->form0 + e->nforms; k++)
            if (GPOINTER_TO_UINT(g_hash_table_lookup(counts, t->folded[k])) >= min) {
                e->homonym = true;
                (*count)++;
                break;
            }
    }
    g_hash_table_destroy(counts);
}

/* ---- cities ------------------------------------------------------------ */

#define GEONAMES_RECORD "(sssssssudd)"
enum { GN_ID = 0, GN_NAME = 1, GN_COUNTRY_CODE = 4, GN_POPULATION = 7 };

static const char *child_string(GVariant *v, gsize i, GVariant **hold)
{
    *hold = g_variant_get_child_value(v, i);
    return g_variant_get_string(*hold, NULL);
}

/* The record at libgeonames index i, type-checked when check (the cities
 * are the children of one GVariant array, so they all have its element
 * type: checking the first is checking all). */
static rg_status geonames_record(int i, bool check, GeonamesCity **out, rg_error *err)
{
    GeonamesCity *city = geonames_get_city(i);

    if (!city)
        return rg_fail(err, RG_ERR_INTERNAL, "libgeonames: no city at index %d", i);
    if (check && !g_variant_is_of_type(city, G_VARIANT_TYPE(GEONAMES_RECORD))) {
        rg_status rc = rg_fail(err, RG_ERR_INTERNAL,
                               "libgeonames: unexpected city record type '%s'",
                               g_variant_get_type_string(city));
        geonames_city_free(city);
        return rc;
    }
    *out = city;
    return RG_OK;
}

/* Reads only the four fields start-up needs, one child each: a
 * g_variant_get of the whole record costs three times as much. */
static rg_status city_entry(rg_gaz_table *t, int i, const translator *tr, const wordset *ws,
                            const rg_gaz_options *opt, rg_gaz_stats *st, rg_error *err)
{
    GeonamesCity *city = NULL;
    GVariant *vid = NULL, *vname = NULL, *vcc = NULL, *vpop;
    const char *id, *name, *cc, *vi;
    guint32 population;
    gz_entry *e = NULL;
    rg_status rc;

    if ((rc = geonames_record(i, i == 0, &city, err)) != RG_OK)
        return rc;
    vpop = g_variant_get_child_value(city, GN_POPULATION);
    population = g_variant_get_uint32(vpop);
    g_variant_unref(vpop);
    name = child_string(city, GN_NAME, &vname);
    if (population < (opt ? opt->min_population : 0) || !*name)
        goto done;
    id = child_string(city, GN_ID, &vid);
    cc = child_string(city, GN_COUNTRY_CODE, &vcc);
    if ((rc = entry_begin(t, GZ_CITY, name, &e, err)) != RG_OK)
        goto done;
    vi = translator_get(tr, "geonames", id);
    if ((rc = entry_translated(t, e, vi, err)) != RG_OK) {
        entry_discard(t, e);
        goto done;
    }
    e->population = population;
    e->ref = i;
    e->code = intern(t, cc);
    e->id = intern(t, id);
    entry_flags(t, e, ws, strcmp(cc, "VN") == 0);
    entry_commit(t, e, opt, vi != NULL, st);
done:
    if (vid)
        g_variant_unref(vid);
    if (vname)
        g_variant_unref(vname);
    if (vcc)
        g_variant_unref(vcc);
    geonames_city_free(city);
    return rc;
}

static rg_status add_cities(rg_gaz_table *t, const rg_gaz_options *opt, const wordset *ws,
                            rg_gaz_stats *st, rg_error *err)
{
    translator tr;
    int n = geonames_get_n_cities();
    rg_status rc = RG_OK;

    if (n <= 0)
        return rg_fail(err, RG_ERR_INTERNAL, "libgeonames: no cities (is libgeonames0 installed?)");
    /* the cities, the 249 countries to come and a few aliases each, without
     * the copies and the waste of growing by doubling */
    if ((rc = table_reserve(t, (size_t)n + 512, ((size_t)n + 512) * 5 / 4, err)) != RG_OK)
        return rc;
    translator_begin(&tr, opt ? opt->language : NULL);
    for (int i = 0; i < n && rc == RG_OK; i++)
        rc = city_entry(t, i, &tr, ws, opt, st, err);
    translator_end(&tr);
    return rc;
}

/* A city's fields that are not kept in the table, read one child each
 * (a g_variant_get of the whole record costs five times as much). */
enum { GN_STATE = 3, GN_LATITUDE = 8, GN_LONGITUDE = 9 };

typedef struct city_details {
    GeonamesCity *city;
    GVariant *vstate;           /* holds state */
    const char *state;
    double lat, lon;
} city_details;

static double child_double(GVariant *v, gsize i)
{
    GVariant *c = g_variant_get_child_value(v, i);
    double d = g_variant_get_double(c);
    g_variant_unref(c);
    return d;
}

static rg_status city_details_get(int i, city_details *d, rg_error *err)
{
    rg_status rc = geonames_record(i, true, &d->city, err);

    if (rc != RG_OK)
        return rc;
    d->state = child_string(d->city, GN_STATE, &d->vstate);
    d->lat = child_double(d->city, GN_LATITUDE);
    d->lon = child_double(d->city, GN_LONGITUDE);
    return RG_OK;
}

static void city_details_free(city_details *d)
{
    g_variant_unref(d->vstate);
    geonames_city_free(d->city);
}

/* ---- countries --------------------------------------------------------- */

/* "Korea, Republic of" -> "Republic of Korea"; NULL when the name has no
 * comma or the part after it does not end in "of"/"of the" (the inversion
 * is then not a plain one: "Taiwan, Province of China"). */
static char *uninvert(const char *name)
{
    const char *comma = strchr(name, ',');
    const char *tail;
    size_t tn, hn;
    char *s;

    if (!comma)
        return NULL;
    tail = comma + 1;
    while (*tail == ' ')
        tail++;
    tn = strlen(tail);
    if (!((tn > 3 && strcmp(tail + tn - 3, " of") == 0) ||
          (tn > 7 && strcmp(tail + tn - 7, " of the") == 0)))
        return NULL;
    hn = (size_t)(comma - name);
    s = malloc(tn + 1 + hn + 1);
    if (!s)
        return NULL;
    memcpy(s, tail, tn);
    s[tn] = ' ';
    memcpy(s + tn + 1, name, hn);
    s[tn + 1 + hn] = '\0';
    return s;
}

/* The most populous city of each country (by two-letter code slot); the
 * first of equals wins. */
typedef struct largest_city {
    json_int_t population;
    bool set;
    const char *name;
    double lat, lon;
    int geonames;               /* from the table: coordinates still to read; else -1 */
} largest_city;

static int cc_slot(const char *cc)
{
    if (!cc || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' || cc[2])
        return -1;
    return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

static void largest_offer(largest_city *largest, const char *cc, json_int_t pop,
                          const char *name, double lat, double lon, int geonames)
{
    int slot = cc_slot(cc);
    if (slot < 0 || (largest[slot].set && pop <= largest[slot].population))
        return;
    largest[slot] = (largest_city){pop, true, name, lat, lon, geonames};
}

static void largest_of_json(const json_t *cities, largest_city *largest)
{
    size_t i;
    json_t *e;

    json_array_foreach(cities, i, e) {
        json_t *attrs = json_object_get(e, "attrs");
        const char *type = json_string_value(json_object_get(e, "type"));
        if (!type || strcmp(type, "city") != 0)
            continue;
        largest_offer(largest, json_string_value(json_object_get(attrs, "country")),
                      json_integer_value(json_object_get(attrs, "population")),
                      json_string_value(json_object_get(e, "name")),
                      json_number_value(json_object_get(attrs, "lat")),
                      json_number_value(json_object_get(attrs, "lon")), -1);
    }
}

static void largest_of_table(const rg_gaz_table *t, size_t n_cities, largest_city *largest)
{
    for (size_t i = 0; i < n_cities; i++)
        largest_offer(largest, t->e[i].code, t->e[i].population, t->surface[t->e[i].form0], 0, 0,
                      t->e[i].ref);
}

typedef struct country_ctx {
    const char *path;
    const translator *tr;
    const wordset *ws;
    largest_city *largest;
} country_ctx;

/* Country names from iso-codes: inverted ones ("Bắc Hàn, Cộng hoà Nhân
 * dân Dân chủ") are not surface forms and are skipped; "Holy See (Vatican
 * City State)" also gives "Holy See" and "Vatican City State". */
static rg_status country_alias(rg_gaz_table *t, gz_entry *e, const char *alias, rg_error *err)
{
    const char *open, *close;
    char *head, *inner;
    rg_status rc;

    if (!alias || strchr(alias, ','))
        return RG_OK;
    if ((rc = entry_alias(t, e, alias, err)) != RG_OK)
        return rc;
    open = strstr(alias, " (");
    close = open ? strchr(open, ')') : NULL;
    if (!open || !close)
        return RG_OK;
    head = g_strndup(alias, (gsize)(open - alias));
    inner = g_strndup(open + 2, (gsize)(close - open - 2));
    rc = entry_alias(t, e, head, err);
    if (rc == RG_OK)
        rc = entry_alias(t, e, inner, err);
    g_free(head);
    g_free(inner);
    return rc;
}

/* The country's coordinates: those of its most populous city. */
static rg_status country_coords(gz_country *c, largest_city *l, rg_error *err)
{
    if (l->geonames >= 0) {
        city_details d;
        rg_status rc = city_details_get(l->geonames, &d, err);
        if (rc != RG_OK)
            return rc;
        l->lat = d.lat;
        l->lon = d.lon;
        l->geonames = -1;
        city_details_free(&d);
    }
    c->coords_of = l->name;
    c->lat = l->lat;
    c->lon = l->lon;
    return RG_OK;
}

/* A zeroed country record for entry e (e->ref its index). */
static rg_status country_push(rg_gaz_table *t, gz_entry *e, gz_country **out, rg_error *err)
{
    if (t->n_countries == t->cap_countries) {
        size_t cap = t->cap_countries ? t->cap_countries * 2 : 256;
        gz_country *v = realloc(t->countries, cap * sizeof *v);
        if (!v)
            return oom(err);
        t->countries = v;
        t->cap_countries = cap;
    }
    *out = &t->countries[t->n_countries];
    memset(*out, 0, sizeof **out);
    e->ref = (int32_t)t->n_countries++;
    return RG_OK;
}

static rg_status country_entry(rg_gaz_table *t, const json_t *rec, const country_ctx *cx,
                               const rg_gaz_options *opt, rg_gaz_stats *st, rg_error *err)
{
    const char *a2 = json_string_value(json_object_get(rec, "alpha_2"));
    const char *a3 = json_string_value(json_object_get(rec, "alpha_3"));
    const char *num = json_string_value(json_object_get(rec, "numeric"));
    const char *iname = json_string_value(json_object_get(rec, "name"));
    const char *official = json_string_value(json_object_get(rec, "official_name"));
    const char *common = json_string_value(json_object_get(rec, "common_name"));
    const char *msgids[3] = {common, iname, official};
    char *plain = NULL;
    const char *name;
    bool translated = false;
    gz_entry *e = NULL;
    gz_country *c = NULL;
    rg_status rc;
    int slot;

    if (!a2 || !a3 || !iname)
        return rg_fail(err, RG_ERR_INVALID, "%s: a country without alpha_2, alpha_3 or name",
                       cx->path);
    plain = uninvert(iname);
    name = common ? common : !strchr(iname, ',') ? iname : plain ? plain : official ? official : iname;
    if ((rc = entry_begin(t, GZ_COUNTRY, name, &e, err)) != RG_OK)
        goto done;
    if ((rc = country_alias(t, e, iname, err)) != RG_OK ||
        (rc = entry_alias(t, e, plain, err)) != RG_OK ||
        (rc = country_alias(t, e, official, err)) != RG_OK)
        goto fail;
    for (int k = 0; k < 3; k++) {
        const char *vi = translator_get(cx->tr, "iso_3166-1", msgids[k]);
        if (vi) {
            translated = true;
            if ((rc = country_alias(t, e, vi, err)) != RG_OK)
                goto fail;
        }
    }
    e->code = intern(t, a2);
    e->id = intern(t, a3);
    if ((rc = country_push(t, e, &c, err)) != RG_OK)
        goto fail;
    c->numeric = intern(t, num);
    slot = cc_slot(a2);
    if (slot >= 0 && cx->largest[slot].set &&
        (rc = country_coords(c, &cx->largest[slot], err)) != RG_OK)
        goto fail;
    if (c->coords_of)
        c->coords_of = intern(t, c->coords_of);
    entry_flags(t, e, cx->ws, false);
    entry_commit(t, e, opt, translated, st);
    goto done;
fail:
    entry_discard(t, e);
done:
    free(plain);
    return rc;
}

/* Appends the ISO 3166-1 countries; their coordinates come from the
 * table's entries [0, n_cities) or, when json_cities is not NULL, from it. */
static rg_status add_countries(rg_gaz_table *t, size_t n_cities, const json_t *json_cities,
                               const rg_gaz_options *opt, const wordset *ws, rg_gaz_stats *st,
                               rg_error *err)
{
    country_ctx cx = {0};
    largest_city *largest = NULL;
    json_t *doc = NULL, *list, *rec;
    json_error_t jerr;
    translator tr;
    size_t i;
    rg_status rc = RG_OK;

    cx.path = opt && opt->iso3166_path ? opt->iso3166_path : RG_GAZ_ISO3166_JSON;
    doc = json_load_file(cx.path, 0, &jerr);
    if (!doc)
        return rg_fail(err, jerr.line > 0 ? RG_ERR_INVALID : RG_ERR_IO, "%s:%d: %s", cx.path,
                       jerr.line, jerr.text);
    list = json_object_get(doc, "3166-1");
    if (!json_is_array(list)) {
        json_decref(doc);
        return rg_fail(err, RG_ERR_INVALID, "%s: no \"3166-1\" array", cx.path);
    }
    if (!(largest = calloc(26 * 26, sizeof *largest))) {
        json_decref(doc);
        return oom(err);
    }
    if (json_cities)
        largest_of_json(json_cities, largest);
    else
        largest_of_table(t, n_cities, largest);
    translator_begin(&tr, opt ? opt->language : NULL);
    cx.tr = &tr;
    cx.ws = ws;
    cx.largest = largest;
    json_array_foreach(list, i, rec)
        if ((rc = country_entry(t, rec, &cx, opt, st, err)) != RG_OK)
            break;
    translator_end(&tr);
    free(largest);
    json_decref(doc);
    return rc;
}

/* ---- loading ----------------------------------------------------------- */

/* Cities (when `cities`), then countries (when `countries`), with their
 * homonym flags, as gazetteer_load describes. */
static rg_status table_load(rg_gaz_table **out, bool cities, bool countries,
                            const json_t *json_cities, const rg_gaz_options *opt,
                            rg_gaz_stats *cst, rg_gaz_stats *kst, rg_error *err)
{
    rg_gaz_table *t = NULL;
    wordset ws = {0};
    size_t n_cities;
    rg_status rc;

    memset(cst, 0, sizeof *cst);
    memset(kst, 0, sizeof *kst);
    if ((rc = table_new(&t, err)) != RG_OK)
        return rc;
    if ((rc = wordset_build(&ws, err)) != RG_OK)
        goto fail;
    if (cities && (rc = add_cities(t, opt, &ws, cst, err)) != RG_OK)
        goto fail;
    n_cities = t->n;
    if (countries &&
        (rc = add_countries(t, n_cities, json_cities, opt, &ws, kst, err)) != RG_OK)
        goto fail;
    if (!opt || !opt->skip_homonyms) {
        flag_homonyms(t, 0, n_cities, 0, n_cities, 2, &cst->homonyms);
        flag_homonyms(t, n_cities, t->n, n_cities, t->n, 2, &kst->homonyms);
        flag_homonyms(t, 0, n_cities, n_cities, t->n, 1, &cst->homonyms);
    }
    wordset_free(&ws);
    *out = t;
    return RG_OK;
fail:
    wordset_free(&ws);
    gazetteer_table_free(t);
    return rc;
}

rg_status gazetteer_table_load(rg_gaz_table **out, const rg_gaz_options *opt, rg_gaz_stats *cities,
                               rg_gaz_stats *countries, rg_error *err)
{
    rg_gaz_stats cst, kst;
    rg_status rc = table_load(out, true, true, NULL, opt, &cst, &kst, err);

    if (rc == RG_OK && cities)
        *cities = cst;
    if (rc == RG_OK && countries)
        *countries = kst;
    return rc;
}

size_t gazetteer_table_size(const rg_gaz_table *t)
{
    return t->n;
}

const char *gazetteer_table_type(const rg_gaz_table *t, size_t i)
{
    return t->e[i].kind == GZ_CITY ? "city" : "country";
}

unsigned long gazetteer_table_population(const rg_gaz_table *t, size_t i)
{
    return t->e[i].population;
}

size_t gazetteer_table_n_forms(const rg_gaz_table *t, size_t i)
{
    return t->e[i].nforms;
}

const char *gazetteer_table_form(const rg_gaz_table *t, size_t i, size_t k, const char **folded,
                                 bool *ambiguous)
{
    size_t f = t->e[i].form0 + k;
    if (folded)
        *folded = t->folded[f];
    if (ambiguous)
        *ambiguous = t->amb[f];
    return t->surface[f];
}

rg_status gazetteer_table_attrs(const rg_gaz_table *t, size_t i, json_t **out, rg_error *err)
{
    const gz_entry *e = &t->e[i];
    json_t *a = json_object();
    bool bad = !a;

    if (!bad && e->kind == GZ_CITY) {
        city_details d;
        rg_status rc = city_details_get(e->ref, &d, err);
        if (rc != RG_OK) {
            json_decref(a);
            return rc;
        }
        bad = json_object_set_new(a, "country", json_string(e->code)) ||
              (*d.state && json_object_set_new(a, "admin1", json_string(d.state))) ||
              json_object_set_new(a, "lat", json_real(d.lat)) ||
              json_object_set_new(a, "lon", json_real(d.lon)) ||
              json_object_set_new(a, "population", json_integer(e->population)) ||
              json_object_set_new(a, "geonames_id", json_string(e->id));
        city_details_free(&d);
    } else if (!bad) {
        const gz_country *c = &t->countries[e->ref];
        bad = json_object_set_new(a, "iso2", json_string(e->code)) ||
              json_object_set_new(a, "iso3", json_string(e->id)) ||
              (c->numeric && json_object_set_new(a, "numeric", json_string(c->numeric))) ||
              (c->coords_of && (json_object_set_new(a, "lat", json_real(c->lat)) ||
                                json_object_set_new(a, "lon", json_real(c->lon)) ||
                                json_object_set_new(a, "coords_of", json_string(c->coords_of))));
    }
    if (bad) {
        json_decref(a);
        return oom(err);
    }
    *out = a;
    return RG_OK;
}

/* A JSON array of the entry's surface forms [from, nforms) that are (when
 * amb_only) ambiguous. */
static json_t *forms_json(const rg_gaz_table *t, const gz_entry *e, uint32_t from, bool amb_only)
{
    json_t *a = json_array();
    for (uint32_t k = e->form0 + from; a && k < e->form0 + e->nforms; k++)
        if ((!amb_only || t->amb[k]) && json_array_append_new(a, json_string(t->surface[k]))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

rg_status gazetteer_table_entry(const rg_gaz_table *t, size_t i, json_t **out, rg_error *err)
{
    const gz_entry *e = &t->e[i];
    json_t *o = json_object(), *attrs = NULL, *flags = json_array();
    bool city = e->kind == GZ_CITY, bad;
    rg_status rc;

    if (!o || !flags) {
        json_decref(o);
        json_decref(flags);
        return oom(err);
    }
    if ((rc = gazetteer_table_attrs(t, i, &attrs, err)) != RG_OK) {
        json_decref(o);
        json_decref(flags);
        return rc;
    }
    /* the keys in the order the entries always had */
    bad = json_object_set_new(o, "type", json_string(gazetteer_table_type(t, i))) ||
          json_object_set_new(o, "name", json_string(t->surface[e->form0])) ||
          json_object_set_new(o, "aliases", forms_json(t, e, 1, false)) ||
          json_object_set_new(o, "attrs", attrs) ||
          json_object_set_new(o, "source", json_string(city ? RG_GAZ_SOURCE_GEONAMES
                                                             : RG_GAZ_SOURCE_ISO)) ||
          (!city && json_object_set_new(o, "exact_forms", json_pack("[s]", e->id))) ||
          (e->ambiguous &&
           json_object_set_new(o, "ambiguous_forms", forms_json(t, e, 0, true))) ||
          json_array_append_new(flags, json_string(RG_GAZ_FLAG_NEEDS_CAPITAL)) ||
          (e->ambiguous && json_array_append_new(flags, json_string(RG_GAZ_FLAG_AMBIGUOUS))) ||
          (e->homonym && json_array_append_new(flags, json_string(RG_GAZ_FLAG_HOMONYM))) ||
          json_object_set_new(o, "flags", flags);
    if (bad) {
        json_decref(o);
        return oom(err);
    }
    *out = o;
    return RG_OK;
}

/* Appends the table's entries as JSON to out. */
static rg_status table_to_json(const rg_gaz_table *t, json_t *out, rg_error *err)
{
    for (size_t i = 0; i < t->n; i++) {
        json_t *e;
        rg_status rc = gazetteer_table_entry(t, i, &e, err);
        if (rc != RG_OK)
            return rc;
        if (json_array_append_new(out, e))
            return oom(err);
    }
    return RG_OK;
}

/* Loads the table (its cities, its countries, or both) and appends its
 * entries to the JSON array out; *cst and *kst get the counts. */
static rg_status table_into_json(json_t *out, bool with_cities, bool with_countries,
                                 const json_t *cities, const rg_gaz_options *opt,
                                 rg_gaz_stats *cst, rg_gaz_stats *kst, rg_error *err)
{
    rg_gaz_table *t = NULL;
    rg_status rc;

    if (!json_is_array(out))
        return rg_fail(err, RG_ERR_USAGE, "gazetteer: output is not a JSON array");
    if ((rc = table_load(&t, with_cities, with_countries, cities, opt, cst, kst, err)) != RG_OK)
        return rc;
    rc = table_to_json(t, out, err);
    gazetteer_table_free(t);
    return rc;
}

rg_status gazetteer_add_cities(json_t *out, const rg_gaz_options *opt, rg_gaz_stats *stats,
                               rg_error *err)
{
    rg_gaz_stats cst, kst;
    rg_status rc = table_into_json(out, true, false, NULL, opt, &cst, &kst, err);
    if (rc == RG_OK && stats)
        *stats = cst;
    return rc;
}

rg_status gazetteer_add_countries(json_t *out, const json_t *cities, const rg_gaz_options *opt,
                                  rg_gaz_stats *stats, rg_error *err)
{
    rg_gaz_stats cst, kst;
    /* without cities (NULL), no country has coordinates */
    rg_status rc = table_into_json(out, false, true, cities, opt, &cst, &kst, err);
    if (rc == RG_OK && stats)
        *stats = kst;
    return rc;
}

rg_status gazetteer_load(json_t **out, const rg_gaz_options *opt, rg_gaz_stats *cities,
                         rg_gaz_stats *countries, rg_error *err)
{
    rg_gaz_stats cst, kst;
    json_t *all = json_array();
    rg_status rc;

    if (!all)
        return oom(err);
    if ((rc = table_into_json(all, true, true, NULL, opt, &cst, &kst, err)) != RG_OK) {
        json_decref(all);
        return rc;
    }
    if (cities)
        *cities = cst;
    if (countries)
        *countries = kst;
    *out = all;
    return RG_OK;
}

/* ---- merging into a pack lexicon ----------------------------------------- */

/* The folded forms of one entry (name first) and their surfaces (borrowed
 * from the entry), owned. */
typedef struct form_set {
    char **f;
    const char **s;
    size_t n, cap;
} form_set;

static void form_set_free(form_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->f[i]);
    free(s->f);
    free(s->s);
    memset(s, 0, sizeof *s);
}

static bool form_set_has(const form_set *s, const char *f)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->f[i], f) == 0)
            return true;
    return false;
}

/* Takes ownership of f (freed on failure). */
static rg_status form_set_push(form_set *s, char *f, const char *surface, rg_error *err)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4;
        char **arr = realloc(s->f, cap * sizeof *arr);
        const char **sarr = arr ? realloc(s->s, cap * sizeof *sarr) : NULL;
        if (arr)
            s->f = arr;
        if (!sarr) {
            free(f);
            return oom(err);
        }
        s->s = sarr;
        s->cap = cap;
    }
    s->f[s->n] = f;
    s->s[s->n] = surface;
    s->n++;
    return RG_OK;
}

/* Folds the entry's name and string aliases into s (which must be empty). */
static rg_status entry_forms(const json_t *entry, form_set *s, rg_error *err)
{
    const char *name = json_string_value(json_object_get(entry, "name"));
    size_t i;
    json_t *v;
    char *f;
    rg_status rc;

    if (name) {
        if ((rc = text_fold(name, strlen(name), &f, err)) != RG_OK ||
            (rc = form_set_push(s, f, name, err)) != RG_OK)
            goto fail;
    }
    json_array_foreach(json_object_get(entry, "aliases"), i, v) {
        const char *a = json_string_value(v);
        if (!a)
            continue;
        if ((rc = text_fold(a, strlen(a), &f, err)) != RG_OK ||
            (rc = form_set_push(s, f, a, err)) != RG_OK)
            goto fail;
    }
    return RG_OK;
fail:
    form_set_free(s);
    return rc;
}

/* What the merge needs of a gazetteer entry, from JSON or from a table. */
typedef struct merge_item {
    const char *type;
    const char *code;           /* iso2, else country */
    json_int_t population;
    const char *const *folded;  /* name first */
    const char *const *surface;
    size_t n;
} merge_item;

static const char *entry_place_code(const json_t *entry)
{
    json_t *attrs = json_object_get(entry, "attrs");
    const char *c = json_string_value(json_object_get(attrs, "iso2"));
    return c ? c : json_string_value(json_object_get(attrs, "country"));
}

static rg_status check_entry(const json_t *e, const char *what, size_t i, rg_error *err)
{
    if (!json_is_object(e) || !json_is_string(json_object_get(e, "type")) ||
        !json_is_string(json_object_get(e, "name")))
        return rg_fail(err, RG_ERR_INVALID,
                       "%s entry %zu: not an object with string \"type\" and \"name\"", what, i);
    return RG_OK;
}

/* A province, state or prefecture ("kind": "state", or a Vietnamese
 * "province": "province"): a gazetteer city of the same name is its capital,
 * not itself, so the two are not merged. */
static bool is_subdivision(const json_t *entry)
{
    json_t *attrs = json_object_get(entry, "attrs");
    const char *kind = json_string_value(json_object_get(attrs, "kind"));
    const char *province = json_string_value(json_object_get(attrs, "province"));
    return (kind && strcmp(kind, "state") == 0) || (province && strcmp(province, "province") == 0);
}

/* The pack lexicon, indexed: positions by "type \x1f folded form" (and
 * "country \x1e iso2"), as a GHashTable of owned keys -> GArray of guint,
 * with each entry's place code and subdivision-ness read once. */
typedef struct lex_index {
    GHashTable *keys;
    const char **code;
    bool *subdivision;
    char *key;                  /* scratch for lookups */
    size_t key_cap;
} lex_index;

static void free_garray(gpointer p)
{
    g_array_free(p, TRUE);
}

static void index_add(GHashTable *keys, char *key, guint pos)
{
    GArray *list = g_hash_table_lookup(keys, key);
    if (!list) {
        list = g_array_new(FALSE, FALSE, sizeof(guint));
        g_hash_table_insert(keys, key, list);
    } else {
        g_free(key);
    }
    g_array_append_val(list, pos);
}

static void index_free(lex_index *ix)
{
    if (ix->keys)
        g_hash_table_destroy(ix->keys);
    free(ix->key);
    free(ix->code);
    free(ix->subdivision);
    memset(ix, 0, sizeof *ix);
}

static rg_status index_lexicon(const json_t *lexicon, lex_index *ix, rg_error *err)
{
    size_t n = json_array_size(lexicon), i;
    json_t *e;
    rg_status rc;

    ix->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_garray);
    ix->code = calloc(n + 1, sizeof *ix->code);
    ix->subdivision = calloc(n + 1, sizeof *ix->subdivision);
    if (!ix->code || !ix->subdivision)
        return oom(err);
    json_array_foreach(lexicon, i, e) {
        form_set s = {0};
        const char *type, *code;
        if ((rc = check_entry(e, "lexicon", i, err)) != RG_OK ||
            (rc = entry_forms(e, &s, err)) != RG_OK)
            return rc;
        type = json_string_value(json_object_get(e, "type"));
        for (size_t j = 0; j < s.n; j++)
            if (*s.f[j])
                index_add(ix->keys, g_strconcat(type, "\x1f", s.f[j], NULL), (guint)i);
        code = json_string_value(json_object_get(json_object_get(e, "attrs"), "iso2"));
        if (code && strcmp(type, "country") == 0)
            index_add(ix->keys, g_strconcat(type, "\x1e", code, NULL), (guint)i);
        ix->code[i] = entry_place_code(e);
        ix->subdivision[i] = is_subdivision(e);
        form_set_free(&s);
    }
    return RG_OK;
}

/* The positions under type + sep + rest; ix->key has room for every key
 * merge_plan asks (one lookup per form of 25,000 entries: no allocation
 * per key). */
static GArray *index_get(lex_index *ix, const char *type, const char *sep, const char *rest)
{
    size_t nt = strlen(type), nr = strlen(rest);

    if (nt + 1 + nr + 1 > ix->key_cap)
        return NULL;            /* cannot happen: merge_plan sized the key */
    memcpy(ix->key, type, nt);
    ix->key[nt] = sep[0];
    memcpy(ix->key + nt + 1, rest, nr + 1);
    return g_hash_table_lookup(ix->keys, ix->key);
}

static long first_compatible(const lex_index *ix, GArray *list, const merge_item *g)
{
    bool g_city = strcmp(g->type, "city") == 0;

    for (guint k = 0; list && k < list->len; k++) {
        guint pos = g_array_index(list, guint, k);
        const char *lcode = ix->code[pos];
        if (g_city && ix->subdivision[pos])
            continue;
        if (!g->code || !lcode || strcmp(g->code, lcode) == 0)
            return (long)pos;
    }
    return -1;
}

/* The first lexicon entry of the same type sharing a form (or, for
 * countries, the iso2 code) with g and not contradicting its place code;
 * -1 when none. */
static long find_match(lex_index *ix, const merge_item *g)
{
    long match = -1;

    if (strcmp(g->type, "country") == 0 && g->code)
        match = first_compatible(ix, index_get(ix, g->type, "\x1e", g->code), g);
    for (size_t j = 0; j < g->n && match < 0; j++)
        if (*g->folded[j])
            match = first_compatible(ix, index_get(ix, g->type, "\x1f", g->folded[j]), g);
    return match;
}

/* match[i]: the lexicon entry item i matches (-1: none); best[l]: the most
 * populous item matching lexicon entry l (the first of equals; -1: none). */
static rg_status merge_plan(const json_t *lexicon, const merge_item *items, size_t n, long *match,
                            long *best, rg_error *err)
{
    lex_index ix = {0};
    size_t n_lex = json_array_size(lexicon);
    rg_status rc;

    for (size_t i = 0; i < n_lex; i++)
        best[i] = -1;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(items[i].code ? items[i].code : "");
        for (size_t j = 0; j < items[i].n; j++)
            if (strlen(items[i].folded[j]) > len)
                len = strlen(items[i].folded[j]);
        if (strlen(items[i].type) + 1 + len + 1 > ix.key_cap)
            ix.key_cap = strlen(items[i].type) + 1 + len + 1;
    }
    if (!(ix.key = malloc(ix.key_cap + 1)))
        return oom(err);
    if ((rc = index_lexicon(lexicon, &ix, err)) != RG_OK) {
        index_free(&ix);
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        match[i] = find_match(&ix, &items[i]);
        if (match[i] >= 0) {
            long *b = &best[match[i]];
            if (*b < 0 || items[i].population > items[*b].population)
                *b = (long)i;
        }
    }
    index_free(&ix);
    return RG_OK;
}

/* Completes pack entry l with g's missing attrs (gattrs) and new forms. */
static rg_status complete_entry(json_t *l, const json_t *gattrs, const merge_item *g,
                                rg_error *err)
{
    json_t *lattrs = json_object_get(l, "attrs"), *laliases = json_object_get(l, "aliases");
    json_t *v;
    form_set lforms = {0};
    const char *key;
    size_t i;
    rg_status rc;

    if (!json_is_object(lattrs)) {
        lattrs = json_object();
        if (!lattrs || json_object_set_new(l, "attrs", lattrs))
            return oom(err);
    }
    json_object_foreach((json_t *)gattrs, key, v)
        if (!json_object_get(lattrs, key) && json_object_set(lattrs, key, v))
            return oom(err);
    if (!json_is_array(laliases)) {
        laliases = json_array();
        if (!laliases || json_object_set_new(l, "aliases", laliases))
            return oom(err);
    }
    if ((rc = entry_forms(l, &lforms, err)) != RG_OK)
        return rc;
    /* forms the pack refuses ("not_forms") count as present: never added */
    json_array_foreach(json_object_get(l, "not_forms"), i, v) {
        const char *nf = json_string_value(v);
        char *f = NULL;
        if (!nf)
            continue;
        if ((rc = text_fold(nf, strlen(nf), &f, err)) != RG_OK ||
            (rc = form_set_push(&lforms, f, nf, err)) != RG_OK)
            goto done;
    }
    for (i = 0; i < g->n; i++) {
        char *copy;
        if (!*g->folded[i] || form_set_has(&lforms, g->folded[i]))
            continue;
        copy = strdup(g->folded[i]);
        if (!copy || json_array_append_new(laliases, json_string(g->surface[i]))) {
            free(copy);
            rc = oom(err);
            goto done;
        }
        if ((rc = form_set_push(&lforms, copy, g->surface[i], err)) != RG_OK)
            goto done;
    }
done:
    form_set_free(&lforms);
    return rc;
}

rg_status gazetteer_merge(json_t *lexicon, const json_t *gazetteer, size_t *merged,
                          rg_error *err)
{
    size_t n_lex = json_array_size(lexicon), n_gaz = json_array_size(gazetteer), i;
    long *match = NULL, *best = NULL;
    merge_item *items = NULL;
    form_set *forms = NULL;
    json_t *g;
    size_t n_merged = 0;
    rg_status rc = RG_OK;

    if (!json_is_array(lexicon) || !json_is_array(gazetteer))
        return rg_fail(err, RG_ERR_USAGE, "gazetteer: merge needs two JSON arrays");
    match = malloc((n_gaz + 1) * sizeof *match);
    best = malloc((n_lex + 1) * sizeof *best);
    items = calloc(n_gaz + 1, sizeof *items);
    forms = calloc(n_gaz + 1, sizeof *forms);
    if (!match || !best || !items || !forms) {
        rc = oom(err);
        goto done;
    }
    /* the lexicon's shape first: its errors are the ones to report */
    json_array_foreach(lexicon, i, g)
        if ((rc = check_entry(g, "lexicon", i, err)) != RG_OK)
            goto done;
    json_array_foreach(gazetteer, i, g) {
        if ((rc = check_entry(g, "gazetteer", i, err)) != RG_OK ||
            (rc = entry_forms(g, &forms[i], err)) != RG_OK)
            goto done;
        items[i].type = json_string_value(json_object_get(g, "type"));
        items[i].code = entry_place_code(g);
        items[i].population =
            json_integer_value(json_object_get(json_object_get(g, "attrs"), "population"));
        items[i].folded = (const char *const *)forms[i].f;
        items[i].surface = forms[i].s;
        items[i].n = forms[i].n;
    }
    if ((rc = merge_plan(lexicon, items, n_gaz, match, best, err)) != RG_OK)
        goto done;
    for (i = 0; i < n_lex; i++)
        if (best[i] >= 0) {
            g = json_array_get(gazetteer, (size_t)best[i]);
            if ((rc = complete_entry(json_array_get(lexicon, i), json_object_get(g, "attrs"),
                                     &items[best[i]], err)) != RG_OK)
                goto done;
            n_merged++;
        }
    json_array_foreach(gazetteer, i, g) {
        if (match[i] >= 0 && best[match[i]] == (long)i)
            continue;
        if (json_array_append(lexicon, g)) {
            rc = oom(err);
            goto done;
        }
    }
    if (merged)
        *merged = n_merged;
done:
    for (i = 0; forms && i < n_gaz; i++)
        form_set_free(&forms[i]);
    free(forms);
    free(items);
    free(match);
    free(best);
    return rc;
}

rg_status gazetteer_merge_table(json_t *lexicon, const rg_gaz_table *t, const size_t *order,
                                size_t n, size_t *rest, size_t *n_rest, size_t *merged,
                                rg_error *err)
{
    size_t n_lex = json_array_size(lexicon), n_merged = 0, k = 0;
    long *match = malloc((n + 1) * sizeof *match), *best = malloc((n_lex + 1) * sizeof *best);
    merge_item *items = calloc(n + 1, sizeof *items);
    rg_status rc = RG_OK;

    if (!match || !best || !items) {
        rc = oom(err);
        goto done;
    }
    if (!json_is_array(lexicon)) {
        rc = rg_fail(err, RG_ERR_USAGE, "gazetteer: merge needs a JSON array");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const gz_entry *e = &t->e[order[i]];
        items[i].type = gazetteer_table_type(t, order[i]);
        items[i].code = e->code;
        items[i].population = e->population;
        items[i].folded = &t->folded[e->form0];
        items[i].surface = &t->surface[e->form0];
        items[i].n = e->nforms;
    }
    if ((rc = merge_plan(lexicon, items, n, match, best, err)) != RG_OK)
        goto done;
    for (size_t i = 0; i < n_lex; i++)
        if (best[i] >= 0) {
            /* a completed copy replaces the entry, which may be shared */
            json_t *attrs = NULL, *copy = json_deep_copy(json_array_get(lexicon, i));
            if (!copy || json_array_set_new(lexicon, i, copy)) {
                rc = oom(err);
                goto done;
            }
            if ((rc = gazetteer_table_attrs(t, order[best[i]], &attrs, err)) != RG_OK)
                goto done;
            rc = complete_entry(copy, attrs, &items[best[i]], err);
            json_decref(attrs);
            if (rc != RG_OK)
                goto done;
            n_merged++;
        }
    for (size_t i = 0; i < n; i++)
        if (!(match[i] >= 0 && best[match[i]] == (long)i))
            rest[k++] = order[i];
    *n_rest = k;
    if (merged)
        *merged = n_merged;
done:
    free(match);
    free(best);
    free(items);
    return rc;
}

rg_status gazetteer_extend_pack(rg_pack *pack, const rg_gaz_options *opt, rg_gaz_stats *cities,
                                rg_gaz_stats *countries, size_t *merged, rg_error *err)
{
    json_t *gaz = NULL, *lexicon;
    rg_status rc;

    if (!pack->lexicon)
        return rg_fail(err, RG_ERR_USAGE, "gazetteer: the pack has no lexicon (load it first)");
    lexicon = json_deep_copy(pack->lexicon);
    if (!lexicon)
        return oom(err);
    if ((rc = gazetteer_load(&gaz, opt, cities, countries, err)) == RG_OK &&
        (rc = gazetteer_merge(lexicon, gaz, merged, err)) == RG_OK) {
        json_decref(pack->lexicon);
        pack->lexicon = lexicon;
        lexicon = NULL;
    }
    json_decref(lexicon);
    json_decref(gaz);
    return rc;
}

/* ---- small queries ------------------------------------------------------- */

rg_status gazetteer_is_ordinary_word(const char *name, bool *out, rg_error *err)
{
    wordset ws = {0};
    char *f = NULL;
    rg_status rc;

    if ((rc = text_fold(name, strlen(name), &f, err)) != RG_OK)
        return rc;
    if ((rc = wordset_build(&ws, err)) == RG_OK)
        *out = wordset_ordinary(&ws, f);
    wordset_free(&ws);
    free(f);
    return rc;
}

bool gazetteer_entry_has_flag(const json_t *entry, const char *flag)
{
    size_t i;
    json_t *v;

    json_array_foreach(json_object_get(entry, "flags"), i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), flag) == 0)
            return true;
    return false;
}

const char *gazetteer_entry_source(const json_t *entry)
{
    const char *s = json_string_value(json_object_get(entry, "source"));
    return s ? s : RG_GAZ_SOURCE_PACK;
}
