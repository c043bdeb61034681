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
 * Ambiguity is a rule, not a list of answers: a folded form of three
 * letters or fewer, or one equal to a common English or Vietnamese word
 * (COMMON_WORDS below, folded and sorted once per load, then bsearch).
 * Homonyms are found with a jansson object used as a hash set of folded
 * forms.
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

/* ---- folded forms ------------------------------------------------------ */

/* The folded forms of one entry (name first), owned. */
typedef struct form_set {
    char **f;
    size_t n, cap;
} form_set;

static rg_status oom(rg_error *err)
{
    return rg_fail(err, RG_ERR_NOMEM, "out of memory");
}

static void form_set_free(form_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->f[i]);
    free(s->f);
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
static rg_status form_set_push(form_set *s, char *f, rg_error *err)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4;
        char **arr = realloc(s->f, cap * sizeof *arr);
        if (!arr) {
            free(f);
            return oom(err);
        }
        s->f = arr;
        s->cap = cap;
    }
    s->f[s->n++] = f;
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
            (rc = form_set_push(s, f, err)) != RG_OK)
            goto fail;
    }
    json_array_foreach(json_object_get(entry, "aliases"), i, v) {
        const char *a = json_string_value(v);
        if (!a)
            continue;
        if ((rc = text_fold(a, strlen(a), &f, err)) != RG_OK ||
            (rc = form_set_push(s, f, err)) != RG_OK)
            goto fail;
    }
    return RG_OK;
fail:
    form_set_free(s);
    return rc;
}

/* The form sets of the entries appended by one call, in order. */
typedef struct form_vec {
    form_set *items;
    size_t n, cap;
} form_vec;

static void form_vec_free(form_vec *v)
{
    for (size_t i = 0; i < v->n; i++)
        form_set_free(&v->items[i]);
    free(v->items);
    memset(v, 0, sizeof *v);
}

/* Moves *s into v (s is left empty). */
static rg_status form_vec_take(form_vec *v, form_set *s, rg_error *err)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 256;
        form_set *arr = realloc(v->items, cap * sizeof *arr);
        if (!arr)
            return oom(err);
        v->items = arr;
        v->cap = cap;
    }
    v->items[v->n++] = *s;
    memset(s, 0, sizeof *s);
    return RG_OK;
}

/* ---- building entries -------------------------------------------------- */

/* An entry under construction: the JSON object, its folded forms and the
 * matching surface forms (borrowed from the entry's strings). */
typedef struct entry_builder {
    json_t *entry;
    json_t *aliases;        /* borrowed: owned by entry */
    form_set folded;
    const char **forms;     /* parallel to folded.f */
    size_t forms_cap;
} entry_builder;

static void builder_clear(entry_builder *b)
{
    json_decref(b->entry);
    form_set_free(&b->folded);
    free(b->forms);
    memset(b, 0, sizeof *b);
}

/* Records surface form s (kept alive by the entry) with folded form f
 * (ownership taken). */
static rg_status builder_record(entry_builder *b, const char *s, char *f, rg_error *err)
{
    if (b->folded.n == b->forms_cap) {
        size_t cap = b->forms_cap ? b->forms_cap * 2 : 4;
        const char **arr = realloc(b->forms, cap * sizeof *arr);
        if (!arr) {
            free(f);
            return oom(err);
        }
        b->forms = arr;
        b->forms_cap = cap;
    }
    b->forms[b->folded.n] = s;
    return form_set_push(&b->folded, f, err);
}

/* type and source are shared immutable strings (one per load). */
static rg_status builder_start(entry_builder *b, json_t *type, const char *name, json_t *source,
                               rg_error *err)
{
    char *f = NULL;
    json_t *jname;
    rg_status rc;

    memset(b, 0, sizeof *b);
    b->entry = json_object();
    if (!b->entry)
        return oom(err);
    b->aliases = json_array();
    jname = json_string(name);
    if (json_object_set(b->entry, "type", type) ||
        json_object_set_new(b->entry, "name", jname) ||
        json_object_set_new(b->entry, "aliases", b->aliases) ||
        json_object_set_new(b->entry, "attrs", json_object()) ||
        json_object_set(b->entry, "source", source)) {
        builder_clear(b);
        return oom(err);
    }
    if ((rc = text_fold(name, strlen(name), &f, err)) != RG_OK ||
        (rc = builder_record(b, json_string_value(jname), f, err)) != RG_OK) {
        builder_clear(b);
        return rc;
    }
    return RG_OK;
}

/* Adds alias unless it folds to "" or to a form the entry already has. */
static rg_status builder_alias(entry_builder *b, const char *alias, rg_error *err)
{
    char *f = NULL;
    json_t *s;
    rg_status rc;

    if (!alias || !*alias)
        return RG_OK;
    if ((rc = text_fold(alias, strlen(alias), &f, err)) != RG_OK)
        return rc;
    if (!*f || form_set_has(&b->folded, f)) {
        free(f);
        return RG_OK;
    }
    s = json_string(alias);
    if (!s || json_array_append_new(b->aliases, s)) {
        free(f);
        return oom(err);
    }
    return builder_record(b, json_string_value(s), f, err);
}

/* Adds a translated name and, when it starts with a generic prefix, the
 * name without it. */
static rg_status builder_translated(entry_builder *b, const char *vi, rg_error *err)
{
    rg_status rc = builder_alias(b, vi, err);

    for (size_t i = 0; rc == RG_OK && vi && i < sizeof VI_PREFIXES / sizeof VI_PREFIXES[0]; i++) {
        size_t n = strlen(VI_PREFIXES[i]);
        if (strncmp(vi, VI_PREFIXES[i], n) == 0 && vi[n])
            rc = builder_alias(b, vi + n, err);
    }
    return rc;
}

/* Sets attrs[key] = value (reference stolen). */
static rg_status attr_set(entry_builder *b, const char *key, json_t *value, rg_error *err)
{
    if (!value || json_object_set_new(json_object_get(b->entry, "attrs"), key, value))
        return oom(err);
    return RG_OK;
}

/* Sets "flags" (needs_capital, and ambiguous with "ambiguous_forms" when a
 * form is an ordinary word). */
static rg_status builder_flags(entry_builder *b, const wordset *ws, bool vn_names,
                               bool *ambiguous, rg_error *err)
{
    json_t *flags = json_array(), *amb = NULL;

    *ambiguous = false;
    if (!flags || json_array_append_new(flags, json_string(RG_GAZ_FLAG_NEEDS_CAPITAL)))
        goto nomem;
    for (size_t i = 0; i < b->folded.n; i++) {
        bool words = false;
        if (!wordset_ordinary(ws, b->folded.f[i]) &&
            (!vn_names || all_words_ordinary(ws, b->forms[i], &words, err) != RG_OK || !words))
            continue;
        if (!amb && !(amb = json_array()))
            goto nomem;
        if (json_array_append_new(amb, json_string(b->forms[i])))
            goto nomem;
    }
    if (amb) {
        *ambiguous = true;
        if (json_array_append_new(flags, json_string(RG_GAZ_FLAG_AMBIGUOUS)) ||
            json_object_set(b->entry, "ambiguous_forms", amb))
            goto nomem;
    }
    json_decref(amb);
    amb = NULL;
    if (json_object_set_new(b->entry, "flags", flags)) {
        flags = NULL;
        goto nomem;
    }
    return RG_OK;
nomem:
    json_decref(flags);
    json_decref(amb);
    return oom(err);
}

static rg_status add_flag(json_t *entry, const char *flag, rg_error *err)
{
    json_t *flags = json_object_get(entry, "flags");

    if (gazetteer_entry_has_flag(entry, flag))
        return RG_OK;
    if (!flags) {
        flags = json_array();
        if (!flags || json_object_set_new(entry, "flags", flags))
            return oom(err);
    }
    if (json_array_append_new(flags, json_string(flag)))
        return oom(err);
    return RG_OK;
}

/* With opt->drop_ambiguous: removes the ambiguous forms from the entry
 * being built (aliases and folded forms alike) and says whether its name is
 * one, in which case the caller drops the whole entry. */
static void builder_drop_ambiguous(entry_builder *b, bool *drop_entry)
{
    json_t *amb = json_object_get(b->entry, "ambiguous_forms");
    size_t k = 1;

    *drop_entry = false;
    if (!amb)
        return;
    for (size_t i = 0; i < json_array_size(amb); i++)
        if (strcmp(json_string_value(json_array_get(amb, i)), b->forms[0]) == 0)
            *drop_entry = true;
    if (*drop_entry)
        return;
    /* keep the name (index 0); compact the aliases that are not ambiguous */
    for (size_t i = 1; i < b->folded.n; i++) {
        bool bad = false;
        for (size_t j = 0; j < json_array_size(amb); j++)
            if (strcmp(json_string_value(json_array_get(amb, j)), b->forms[i]) == 0)
                bad = true;
        if (bad) {
            free(b->folded.f[i]);
            continue;
        }
        b->folded.f[k] = b->folded.f[i];
        b->forms[k] = b->forms[i];
        k++;
    }
    b->folded.n = k;
    for (size_t i = json_array_size(b->aliases); i-- > 0;) {
        const char *a = json_string_value(json_array_get(b->aliases, i));
        for (size_t j = 0; j < json_array_size(amb); j++)
            if (strcmp(json_string_value(json_array_get(amb, j)), a) == 0) {
                json_array_remove(b->aliases, i);
                break;
            }
    }
    {
        json_t *flags = json_object_get(b->entry, "flags");
        for (size_t i = json_array_size(flags); i-- > 0;)
            if (strcmp(json_string_value(json_array_get(flags, i)), RG_GAZ_FLAG_AMBIGUOUS) == 0)
                json_array_remove(flags, i);
    }
    json_object_del(b->entry, "ambiguous_forms");   /* frees amb: last */
}

/* ---- homonyms ---------------------------------------------------------- */

/* counts[form] = number of form sets of v carrying it (keys borrowed from v). */
static void count_forms(GHashTable *counts, const form_vec *v)
{
    for (size_t i = 0; i < v->n; i++)
        for (size_t j = 0; j < v->items[i].n; j++) {
            char *f = v->items[i].f[j];
            if (*f)
                g_hash_table_insert(counts, f, GUINT_TO_POINTER(
                    GPOINTER_TO_UINT(g_hash_table_lookup(counts, f)) + 1));
        }
}

static bool shares_form(GHashTable *counts, const form_set *s, guint min)
{
    for (size_t j = 0; j < s->n; j++)
        if (GPOINTER_TO_UINT(g_hash_table_lookup(counts, s->f[j])) >= min)
            return true;
    return false;
}

/* Flags homonym on out[first + i] when its forms (v->items[i]) meet another
 * set of `among` (v itself when among == v) at least `min` times.  Adds
 * the newly flagged to *count. */
static rg_status flag_homonyms(json_t *out, size_t first, const form_vec *v,
                               const form_vec *among, guint min, size_t *count, rg_error *err)
{
    GHashTable *counts = g_hash_table_new(g_str_hash, g_str_equal);
    rg_status rc = RG_OK;

    count_forms(counts, among);
    for (size_t i = 0; i < v->n && rc == RG_OK; i++) {
        json_t *e = json_array_get(out, first + i);
        if (!shares_form(counts, &v->items[i], min) ||
            gazetteer_entry_has_flag(e, RG_GAZ_FLAG_HOMONYM))
            continue;
        rc = add_flag(e, RG_GAZ_FLAG_HOMONYM, err);
        if (rc == RG_OK && count)
            (*count)++;
    }
    g_hash_table_destroy(counts);
    return rc;
}

/* ---- cities ------------------------------------------------------------ */

#define GEONAMES_RECORD "(sssssssudd)"

typedef struct city_ctx {
    const translator *tr;
    const wordset *ws;
    unsigned long min_population;
    json_t *type, *source;      /* shared "city", "geonames" */
} city_ctx;

static rg_status city_entry(GeonamesCity *city, const city_ctx *cx, entry_builder *b, bool *skip,
                            bool *translated, bool *ambiguous, rg_error *err)
{
    const char *id, *name, *admin_code, *state, *cc, *country, *tz, *vi;
    guint32 population;
    double lat, lon;
    rg_status rc;

    *skip = false;
    if (!g_variant_is_of_type(city, G_VARIANT_TYPE(GEONAMES_RECORD)))
        return rg_fail(err, RG_ERR_INTERNAL, "libgeonames: unexpected city record type '%s'",
                       g_variant_get_type_string(city));
    g_variant_get(city, "(&s&s&s&s&s&s&sudd)", &id, &name, &admin_code, &state, &cc,
                  &country, &tz, &population, &lat, &lon);
    if (population < cx->min_population || !*name) {
        *skip = true;
        return RG_OK;
    }
    if ((rc = builder_start(b, cx->type, name, cx->source, err)) != RG_OK)
        return rc;
    vi = translator_get(cx->tr, "geonames", id);
    *translated = vi != NULL;
    if ((rc = builder_translated(b, vi, err)) != RG_OK ||
        (rc = attr_set(b, "country", json_string(cc), err)) != RG_OK ||
        (*state && (rc = attr_set(b, "admin1", json_string(state), err)) != RG_OK) ||
        (rc = attr_set(b, "lat", json_real(lat), err)) != RG_OK ||
        (rc = attr_set(b, "lon", json_real(lon), err)) != RG_OK ||
        (rc = attr_set(b, "population", json_integer(population), err)) != RG_OK ||
        (rc = attr_set(b, "geonames_id", json_string(id), err)) != RG_OK ||
        (rc = builder_flags(b, cx->ws, strcmp(cc, "VN") == 0, ambiguous, err)) != RG_OK) {
        builder_clear(b);
        return rc;
    }
    return RG_OK;
}

/* gazetteer_add_cities, keeping the appended entries' folded forms in *v. */
static rg_status add_cities(json_t *out, const rg_gaz_options *opt, rg_gaz_stats *st,
                            form_vec *v, rg_error *err)
{
    wordset ws = {0};
    translator tr;
    city_ctx cx = {0};
    int n = geonames_get_n_cities();
    rg_status rc;

    if (n <= 0)
        return rg_fail(err, RG_ERR_INTERNAL, "libgeonames: no cities (is libgeonames0 installed?)");
    if ((rc = wordset_build(&ws, err)) != RG_OK)
        return rc;
    cx.type = json_string("city");
    cx.source = json_string(RG_GAZ_SOURCE_GEONAMES);
    if (!cx.type || !cx.source) {
        json_decref(cx.type);
        json_decref(cx.source);
        wordset_free(&ws);
        return oom(err);
    }
    translator_begin(&tr, opt ? opt->language : NULL);
    cx.tr = &tr;
    cx.ws = &ws;
    cx.min_population = opt ? opt->min_population : 0;
    for (int i = 0; i < n; i++) {
        GeonamesCity *city = geonames_get_city(i);
        entry_builder b;
        bool skip, translated = false, ambiguous = false;

        if (!city) {
            rc = rg_fail(err, RG_ERR_INTERNAL, "libgeonames: no city at index %d", i);
            break;
        }
        rc = city_entry(city, &cx, &b, &skip, &translated, &ambiguous, err);
        geonames_city_free(city);
        if (rc != RG_OK)
            break;
        if (skip)
            continue;
        if (opt && opt->drop_ambiguous) {
            bool drop;
            builder_drop_ambiguous(&b, &drop);
            if (drop) {
                builder_clear(&b);
                continue;
            }
            ambiguous = false;
        }
        if (json_array_append(out, b.entry)) {
            builder_clear(&b);
            rc = oom(err);
            break;
        }
        rc = form_vec_take(v, &b.folded, err);
        builder_clear(&b);
        if (rc != RG_OK)
            break;
        st->entries++;
        st->translated += translated;
        st->ambiguous += ambiguous;
    }
    translator_end(&tr);
    json_decref(cx.type);
    json_decref(cx.source);
    wordset_free(&ws);
    return rc;
}

rg_status gazetteer_add_cities(json_t *out, const rg_gaz_options *opt, rg_gaz_stats *stats,
                               rg_error *err)
{
    rg_gaz_stats st = {0};
    form_vec v = {0};
    size_t first = json_array_size(out);
    rg_status rc;

    if (!json_is_array(out))
        return rg_fail(err, RG_ERR_USAGE, "gazetteer: output is not a JSON array");
    rc = add_cities(out, opt, &st, &v, err);
    if (rc == RG_OK)
        rc = flag_homonyms(out, first, &v, &v, 2, &st.homonyms, err);
    form_vec_free(&v);
    if (rc == RG_OK && stats)
        *stats = st;
    return rc;
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

typedef struct largest_city {
    json_int_t population;
    const json_t *entry;
} largest_city;

static int cc_slot(const char *cc)
{
    if (!cc || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' || cc[2])
        return -1;
    return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

static void find_largest_cities(const json_t *cities, largest_city *largest)
{
    size_t i;
    json_t *e;

    json_array_foreach(cities, i, e) {
        json_t *attrs = json_object_get(e, "attrs");
        int slot = cc_slot(json_string_value(json_object_get(attrs, "country")));
        json_int_t pop = json_integer_value(json_object_get(attrs, "population"));
        if (strcmp(json_string_value(json_object_get(e, "type")) ? json_string_value(
                       json_object_get(e, "type")) : "", "city") != 0)
            continue;
        if (slot >= 0 && (!largest[slot].entry || pop > largest[slot].population)) {
            largest[slot].population = pop;
            largest[slot].entry = e;
        }
    }
}

typedef struct country_ctx {
    const char *path;
    const translator *tr;
    const wordset *ws;
    const largest_city *largest;
    json_t *type, *source;
} country_ctx;

/* Codes go to "exact_forms": forms to match only as written, whole and
 * upper-case ("USA", "VNM"), never folded ("and" is not Andorra). */
static rg_status country_codes(entry_builder *b, const char *a2, const char *a3,
                               const char *num, rg_error *err)
{
    json_t *exact = json_array();
    rg_status rc;

    if (!exact || json_array_append_new(exact, json_string(a3)) ||
        json_object_set_new(b->entry, "exact_forms", exact))
        return oom(err);
    if ((rc = attr_set(b, "iso2", json_string(a2), err)) != RG_OK ||
        (rc = attr_set(b, "iso3", json_string(a3), err)) != RG_OK ||
        (num && (rc = attr_set(b, "numeric", json_string(num), err)) != RG_OK))
        return rc;
    return RG_OK;
}

/* Country names from iso-codes: inverted ones ("Bắc Hàn, Cộng hoà Nhân
 * dân Dân chủ") are not surface forms and are skipped; "Holy See (Vatican
 * City State)" also gives "Holy See" and "Vatican City State". */
static rg_status country_alias(entry_builder *b, const char *alias, rg_error *err)
{
    const char *open, *close;
    char *head, *inner;
    rg_status rc;

    if (!alias || strchr(alias, ','))
        return RG_OK;
    if ((rc = builder_alias(b, alias, err)) != RG_OK)
        return rc;
    open = strstr(alias, " (");
    close = open ? strchr(open, ')') : NULL;
    if (!open || !close)
        return RG_OK;
    head = g_strndup(alias, (gsize)(open - alias));
    inner = g_strndup(open + 2, (gsize)(close - open - 2));
    rc = builder_alias(b, head, err);
    if (rc == RG_OK)
        rc = builder_alias(b, inner, err);
    g_free(head);
    g_free(inner);
    return rc;
}

static rg_status country_entry(const json_t *rec, const country_ctx *cx, entry_builder *b,
                               bool *translated, bool *ambiguous, rg_error *err)
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
    rg_status rc;
    int slot;

    *translated = false;
    if (!a2 || !a3 || !iname)
        return rg_fail(err, RG_ERR_INVALID, "%s: a country without alpha_2, alpha_3 or name",
                       cx->path);
    plain = uninvert(iname);
    name = common ? common : !strchr(iname, ',') ? iname : plain ? plain : official ? official : iname;
    if ((rc = builder_start(b, cx->type, name, cx->source, err)) != RG_OK)
        goto done;
    if ((rc = country_alias(b, iname, err)) != RG_OK)
        goto fail;
    if ((rc = builder_alias(b, plain, err)) != RG_OK ||
        (rc = country_alias(b, official, err)) != RG_OK)
        goto fail;
    for (int k = 0; k < 3; k++) {
        const char *vi = translator_get(cx->tr, "iso_3166-1", msgids[k]);
        if (vi) {
            *translated = true;
            if ((rc = country_alias(b, vi, err)) != RG_OK)
                goto fail;
        }
    }
    if ((rc = country_codes(b, a2, a3, num, err)) != RG_OK)
        goto fail;
    slot = cc_slot(a2);
    if (slot >= 0 && cx->largest[slot].entry) {
        const json_t *city = cx->largest[slot].entry;
        json_t *attrs = json_object_get(city, "attrs");
        if ((rc = attr_set(b, "lat", json_copy(json_object_get(attrs, "lat")), err)) != RG_OK ||
            (rc = attr_set(b, "lon", json_copy(json_object_get(attrs, "lon")), err)) != RG_OK ||
            (rc = attr_set(b, "coords_of", json_copy(json_object_get(city, "name")), err)) != RG_OK)
            goto fail;
    }
    if ((rc = builder_flags(b, cx->ws, false, ambiguous, err)) != RG_OK)
        goto fail;
    goto done;
fail:
    builder_clear(b);
done:
    free(plain);
    return rc;
}

/* gazetteer_add_countries, keeping the appended entries' forms in *v. */
static rg_status add_countries(json_t *out, const json_t *cities, const rg_gaz_options *opt,
                               rg_gaz_stats *st, form_vec *v, rg_error *err)
{
    country_ctx cx = {0};
    largest_city *largest = NULL;
    json_t *doc = NULL, *list, *rec;
    json_error_t jerr;
    wordset ws = {0};
    translator tr;
    size_t i;
    rg_status rc;

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
    largest = calloc(26 * 26, sizeof *largest);
    cx.type = json_string("country");
    cx.source = json_string(RG_GAZ_SOURCE_ISO);
    if (!largest || !cx.type || !cx.source) {
        rc = oom(err);
        goto cleanup;
    }
    if (cities)
        find_largest_cities(cities, largest);
    if ((rc = wordset_build(&ws, err)) != RG_OK)
        goto cleanup;
    translator_begin(&tr, opt ? opt->language : NULL);
    cx.tr = &tr;
    cx.ws = &ws;
    cx.largest = largest;
    json_array_foreach(list, i, rec) {
        entry_builder b;
        bool translated = false, ambiguous = false;
        if ((rc = country_entry(rec, &cx, &b, &translated, &ambiguous, err)) != RG_OK)
            break;
        if (opt && opt->drop_ambiguous) {
            bool drop;
            builder_drop_ambiguous(&b, &drop);
            if (drop) {
                builder_clear(&b);
                continue;
            }
            ambiguous = false;
        }
        if (json_array_append(out, b.entry)) {
            builder_clear(&b);
            rc = oom(err);
            break;
        }
        rc = form_vec_take(v, &b.folded, err);
        builder_clear(&b);
        if (rc != RG_OK)
            break;
        st->entries++;
        st->translated += translated;
        st->ambiguous += ambiguous;
    }
    translator_end(&tr);
cleanup:
    wordset_free(&ws);
    json_decref(cx.type);
    json_decref(cx.source);
    free(largest);
    json_decref(doc);
    return rc;
}

rg_status gazetteer_add_countries(json_t *out, const json_t *cities, const rg_gaz_options *opt,
                                  rg_gaz_stats *stats, rg_error *err)
{
    rg_gaz_stats st = {0};
    form_vec v = {0};
    size_t first = json_array_size(out);
    rg_status rc;

    if (!json_is_array(out))
        return rg_fail(err, RG_ERR_USAGE, "gazetteer: output is not a JSON array");
    rc = add_countries(out, cities, opt, &st, &v, err);
    if (rc == RG_OK)
        rc = flag_homonyms(out, first, &v, &v, 2, &st.homonyms, err);
    form_vec_free(&v);
    if (rc == RG_OK && stats)
        *stats = st;
    return rc;
}

/* ---- both ---------------------------------------------------------------- */

rg_status gazetteer_load(json_t **out, const rg_gaz_options *opt, rg_gaz_stats *cities,
                         rg_gaz_stats *countries, rg_error *err)
{
    rg_gaz_stats cst = {0}, kst = {0};
    form_vec cv = {0}, kv = {0};
    json_t *all = json_array();
    size_t n_cities;
    rg_status rc;

    if (!all)
        return oom(err);
    if ((rc = add_cities(all, opt, &cst, &cv, err)) != RG_OK ||
        (rc = flag_homonyms(all, 0, &cv, &cv, 2, &cst.homonyms, err)) != RG_OK)
        goto done;
    n_cities = json_array_size(all);
    /* the array holds only cities so far: it is the list to take coordinates from */
    if ((rc = add_countries(all, all, opt, &kst, &kv, err)) != RG_OK ||
        (rc = flag_homonyms(all, n_cities, &kv, &kv, 2, &kst.homonyms, err)) != RG_OK ||
        (rc = flag_homonyms(all, 0, &cv, &kv, 1, &cst.homonyms, err)) != RG_OK)
        goto done;
done:
    form_vec_free(&cv);
    form_vec_free(&kv);
    if (rc != RG_OK) {
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

static const char *entry_place_code(const json_t *entry)
{
    json_t *attrs = json_object_get(entry, "attrs");
    const char *c = json_string_value(json_object_get(attrs, "iso2"));
    return c ? c : json_string_value(json_object_get(attrs, "country"));
}

static json_int_t entry_population(const json_t *entry)
{
    return json_integer_value(json_object_get(json_object_get(entry, "attrs"), "population"));
}

/* key = type + "\x1f" + folded form; "\x1e" + code for a country's iso2 */
static char *index_key(const char *type, const char *folded)
{
    return g_strconcat(type, "\x1f", folded, NULL);
}

static rg_status check_entry(const json_t *e, const char *what, size_t i, rg_error *err)
{
    if (!json_is_object(e) || !json_is_string(json_object_get(e, "type")) ||
        !json_is_string(json_object_get(e, "name")))
        return rg_fail(err, RG_ERR_INVALID,
                       "%s entry %zu: not an object with string \"type\" and \"name\"", what, i);
    return RG_OK;
}

/* Lexicon positions by key, as a GHashTable of owned keys -> GArray of
 * guint. */
static void index_add(GHashTable *index, char *key, guint pos)
{
    GArray *list = g_hash_table_lookup(index, key);
    if (!list) {
        list = g_array_new(FALSE, FALSE, sizeof(guint));
        g_hash_table_insert(index, key, list);
    } else {
        g_free(key);
    }
    g_array_append_val(list, pos);
}

static rg_status index_lexicon(const json_t *lexicon, GHashTable *index, rg_error *err)
{
    size_t i;
    json_t *e;
    rg_status rc;

    json_array_foreach(lexicon, i, e) {
        form_set s = {0};
        const char *type, *code;
        if ((rc = check_entry(e, "lexicon", i, err)) != RG_OK ||
            (rc = entry_forms(e, &s, err)) != RG_OK)
            return rc;
        type = json_string_value(json_object_get(e, "type"));
        for (size_t j = 0; j < s.n; j++)
            if (*s.f[j])
                index_add(index, index_key(type, s.f[j]), (guint)i);
        code = json_string_value(json_object_get(json_object_get(e, "attrs"), "iso2"));
        if (code && strcmp(type, "country") == 0)
            index_add(index, g_strconcat(type, "\x1e", code, NULL), (guint)i);
        form_set_free(&s);
    }
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

static long first_compatible(const json_t *lexicon, GArray *list, const json_t *g)
{
    const char *gcode = entry_place_code(g);
    bool g_city = strcmp(json_string_value(json_object_get(g, "type")), "city") == 0;

    for (guint k = 0; list && k < list->len; k++) {
        guint pos = g_array_index(list, guint, k);
        const json_t *l = json_array_get(lexicon, pos);
        const char *lcode = entry_place_code(l);
        if (g_city && is_subdivision(l))
            continue;
        if (!gcode || !lcode || strcmp(gcode, lcode) == 0)
            return (long)pos;
    }
    return -1;
}

/* The first lexicon entry of the same type sharing a form (or, for
 * countries, the iso2 code) with g and not contradicting its place code;
 * -1 when none. */
static rg_status find_match(const json_t *lexicon, GHashTable *index, const json_t *g,
                            long *match, rg_error *err)
{
    const char *type = json_string_value(json_object_get(g, "type"));
    const char *gcode = entry_place_code(g);
    form_set s = {0};
    rg_status rc;

    *match = -1;
    if (strcmp(type, "country") == 0 && gcode) {
        char *key = g_strconcat(type, "\x1e", gcode, NULL);
        *match = first_compatible(lexicon, g_hash_table_lookup(index, key), g);
        g_free(key);
        if (*match >= 0)
            return RG_OK;
    }
    if ((rc = entry_forms(g, &s, err)) != RG_OK)
        return rc;
    for (size_t j = 0; j < s.n && *match < 0; j++) {
        char *key = index_key(type, s.f[j]);
        *match = first_compatible(lexicon, g_hash_table_lookup(index, key), g);
        g_free(key);
    }
    form_set_free(&s);
    return RG_OK;
}

/* Completes pack entry l with g's missing attrs and new forms. */
static rg_status complete_entry(json_t *l, const json_t *g, rg_error *err)
{
    json_t *lattrs = json_object_get(l, "attrs"), *laliases = json_object_get(l, "aliases");
    json_t *v;
    form_set lforms = {0}, gforms = {0};
    const char *key;
    size_t i;
    rg_status rc;

    if (!json_is_object(lattrs)) {
        lattrs = json_object();
        if (!lattrs || json_object_set_new(l, "attrs", lattrs))
            return oom(err);
    }
    json_object_foreach(json_object_get(g, "attrs"), key, v)
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
            (rc = form_set_push(&lforms, f, err)) != RG_OK)
            goto done;
    }
    if ((rc = entry_forms(g, &gforms, err)) != RG_OK)
        goto done;
    for (i = 0; i < gforms.n; i++) {
        json_t *surface;
        char *copy;
        if (!*gforms.f[i] || form_set_has(&lforms, gforms.f[i]))
            continue;
        surface = i == 0 ? json_object_get(g, "name")
                         : json_array_get(json_object_get(g, "aliases"), i - 1);
        copy = strdup(gforms.f[i]);
        if (!copy || json_array_append(laliases, surface)) {
            free(copy);
            rc = oom(err);
            goto done;
        }
        if ((rc = form_set_push(&lforms, copy, err)) != RG_OK)
            goto done;
    }
done:
    form_set_free(&lforms);
    form_set_free(&gforms);
    return rc;
}

static void free_garray(gpointer p)
{
    g_array_free(p, TRUE);
}

rg_status gazetteer_merge(json_t *lexicon, const json_t *gazetteer, size_t *merged,
                          rg_error *err)
{
    size_t n_lex = json_array_size(lexicon), n_gaz = json_array_size(gazetteer), i;
    long *match = NULL, *best = NULL;
    GHashTable *index;
    json_t *g;
    size_t n_merged = 0;
    rg_status rc = RG_OK;

    if (!json_is_array(lexicon) || !json_is_array(gazetteer))
        return rg_fail(err, RG_ERR_USAGE, "gazetteer: merge needs two JSON arrays");
    index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_garray);
    match = malloc((n_gaz + 1) * sizeof *match);
    best = malloc((n_lex + 1) * sizeof *best);
    if (!match || !best) {
        rc = oom(err);
        goto done;
    }
    for (i = 0; i < n_lex; i++)
        best[i] = -1;
    if ((rc = index_lexicon(lexicon, index, err)) != RG_OK)
        goto done;
    json_array_foreach(gazetteer, i, g) {
        if ((rc = check_entry(g, "gazetteer", i, err)) != RG_OK ||
            (rc = find_match(lexicon, index, g, &match[i], err)) != RG_OK)
            goto done;
        if (match[i] >= 0) {
            long *b = &best[match[i]];
            if (*b < 0 || entry_population(g) >
                              entry_population(json_array_get(gazetteer, (size_t)*b)))
                *b = (long)i;
        }
    }
    for (i = 0; i < n_lex; i++)
        if (best[i] >= 0) {
            if ((rc = complete_entry(json_array_get(lexicon, i),
                                     json_array_get(gazetteer, (size_t)best[i]), err)) != RG_OK)
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
    free(match);
    free(best);
    g_hash_table_destroy(index);
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
