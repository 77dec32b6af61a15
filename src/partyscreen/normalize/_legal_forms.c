/*
 * partyscreen.normalize._legal_forms: the native twin of split_legal_forms in
 * partyscreen/normalize/legal_forms.py.
 *
 * split_legal_forms takes the legal forms out of a name's tokens: the forms
 * written exactly (one dict probe per token in _INDEX, the longest form there
 * first), then a misspelt or cut-off form ending the name
 * (_fuzzy_trailing_form) and one opening it (_fuzzy_leading_form), which try
 * the forms _near_ending and _near_start give (_near, _edge_close) word by
 * word (_close_words, _close_word, rapidfuzz's OSA distance at most 1), then
 * the position rules of the forms that count only at the edges.  This module
 * does the same in C, rule for rule and in the same order (the order of the
 * forms tried decides which of two forms of the same length wins), so that a
 * name costs one call instead of many Python calls, slices and tuples.
 *
 * The Python code in legal_forms.py is the reference: it runs where this
 * module is not built (PARTYSCREEN_PURE_PYTHON=1), and
 * tests/normalize/test_legal_forms_native.py checks that both give the same
 * result for every name of the real lists and for random token lists.  A
 * change to a rule there must be made here too; those tests catch a miss.
 *
 * The tables are not written here: legal_forms.py hands them over through
 * configure() when it is imported (_INDEX, _BY_ENDING, _BY_START,
 * _ENDING_ONLY), with the cache of token keys (_KEYS) and _token_key, called
 * back as Python for a token the cache does not hold (it depends on
 * canonical_spelling).  _near_ending and _near_start, which the Python caches,
 * are computed here each time: a few probes of a small C hash table.
 *
 * Strings are compared by code point, as Python compares them, whatever their
 * storage (PEP 393); equal strings have the same storage kind.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* -- strings ---------------------------------------------------------------- */

typedef struct {
    PyObject *obj;
    int kind;
    const void *data;
    Py_ssize_t len;
} Str;

static inline void
str_of(Str *s, PyObject *obj)
{
    s->obj = obj;
    s->kind = PyUnicode_KIND(obj);
    s->data = PyUnicode_DATA(obj);
    s->len = PyUnicode_GET_LENGTH(obj);
}

#define AT(s, i) PyUnicode_READ((s)->kind, (s)->data, (i))

/* a[ia : ia + n] == b[ib : ib + n], both in range. */
static inline int
range_eq(const Str *a, Py_ssize_t ia, const Str *b, Py_ssize_t ib, Py_ssize_t n)
{
    if (n <= 0)
        return 1;
    if (a->kind == b->kind)
        return memcmp((const char *)a->data + ia * a->kind, (const char *)b->data + ib * b->kind,
                      (size_t)(n * a->kind)) == 0;
    for (Py_ssize_t k = 0; k < n; k++)
        if (AT(a, ia + k) != AT(b, ib + k))
            return 0;
    return 1;
}

/* a == b */
static inline int
str_eq(const Str *a, const Str *b)
{
    if (a->obj == b->obj)
        return 1;
    return a->len == b->len && a->kind == b->kind && range_eq(a, 0, b, 0, a->len);
}

/* s.startswith(prefix) */
static inline int
starts_with(const Str *s, const Str *prefix)
{
    return prefix->len <= s->len && range_eq(s, 0, prefix, 0, prefix->len);
}

/* rapidfuzz.distance.OSA.distance(a, b, score_cutoff=1) <= 1: equal, or one letter changed,
 * added or dropped, or two neighbours swapped. */
static int
osa_at_most_one(const Str *a, const Str *b)
{
    Py_ssize_t la = a->len, lb = b->len;
    if (la == lb) {
        Py_ssize_t i = 0;
        while (i < la && AT(a, i) == AT(b, i))
            i++;
        if (i == la)
            return 1;
        if (range_eq(a, i + 1, b, i + 1, la - i - 1))
            return 1; /* one letter changed */
        return i + 1 < la && AT(a, i) == AT(b, i + 1) && AT(a, i + 1) == AT(b, i)
               && range_eq(a, i + 2, b, i + 2, la - i - 2); /* two swapped */
    }
    if (la == lb + 1 || lb == la + 1) {
        const Str *longer = la > lb ? a : b, *shorter = la > lb ? b : a;
        Py_ssize_t ls = shorter->len, i = 0;
        while (i < ls && AT(longer, i) == AT(shorter, i))
            i++;
        return range_eq(longer, i + 1, shorter, i, ls - i); /* one letter added */
    }
    return 0;
}

/* -- legal_forms.py: _close_word, _close_words, _edge_close ------------------- */

/* _close_word(written, form, last, shortest) */
static inline int
close_word(const Str *written, const Str *form, int last, Py_ssize_t shortest)
{
    if (str_eq(written, form))
        return 1;
    if (last && written->len >= 4 && starts_with(form, written))
        return 1;
    Py_ssize_t diff = form->len - written->len;
    return form->len >= shortest && diff <= 1 && diff >= -1 && osa_at_most_one(written, form);
}

/* _close_words(written, form, cut_last): written holds at least len(form) words. */
static int
close_words(const Str *written, PyObject *form, int cut_last)
{
    Py_ssize_t m = PyTuple_GET_SIZE(form);
    int short_slips = m >= 3 ? 1 : 0;
    for (Py_ssize_t k = 0; k < m; k++) {
        Str expected;
        str_of(&expected, PyTuple_GET_ITEM(form, k));
        if (close_word(&written[k], &expected, cut_last && k == m - 1, 5))
            continue;
        if (short_slips && written[k].len >= 2 && close_word(&written[k], &expected, 0, 2)) {
            short_slips--;
            continue;
        }
        return 0;
    }
    return 1;
}

/* _edge_close(word, form, edge, cut): edge is the index of the form's word (0 or m - 1). */
static inline int
edge_close(const Str *word, PyObject *form, Py_ssize_t edge, int cut)
{
    Str expected;
    str_of(&expected, PyTuple_GET_ITEM(form, edge));
    Py_ssize_t diff = expected.len - word->len;
    if ((diff > 1 || diff < -1) && !(cut && starts_with(&expected, word)))
        return 0;
    return close_word(word, &expected, cut, 5)
           || (PyTuple_GET_SIZE(form) >= 3 && word->len >= 2 && close_word(word, &expected, 0, 2));
}

/* -- the edge tables (_BY_ENDING, _BY_START), from configure() ----------------- */

/* One form of a table: (toks, code), references owned. */
typedef struct {
    PyObject *toks;
    PyObject *code;
} Form;

/* A key of up to two code points, and where its forms are. */
typedef struct {
    uint64_t key; /* 0: an empty slot */
    Py_ssize_t start, count;
} Slot;

/* One dict of _build_by_edge: two letters -> forms, in the dict's list order. */
typedef struct {
    Slot *slots;
    size_t mask;
    Form *forms;
    Py_ssize_t nforms;
} Table;

/* The key of the string of ``len`` (0, 1 or 2) code points c0, c1; never 0. */
static inline uint64_t
key_of(Py_ssize_t len, Py_UCS4 c0, Py_UCS4 c1)
{
    return ((uint64_t)(len + 1) << 42) | ((uint64_t)c0 << 21) | (uint64_t)c1;
}

static inline size_t
slot_hash(uint64_t key)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20);
}

static const Slot *
table_get(const Table *t, uint64_t key)
{
    if (t->slots == NULL)
        return NULL;
    for (size_t h = slot_hash(key) & t->mask;; h = (h + 1) & t->mask) {
        const Slot *slot = &t->slots[h];
        if (slot->key == key)
            return slot;
        if (slot->key == 0)
            return NULL;
    }
}

static void
table_clear(Table *t)
{
    for (Py_ssize_t k = 0; k < t->nforms; k++) {
        Py_XDECREF(t->forms[k].toks);
        Py_XDECREF(t->forms[k].code);
    }
    PyMem_Free(t->forms);
    PyMem_Free(t->slots);
    memset(t, 0, sizeof *t);
}

/* Fills ``t`` from a dict {str of at most 2 letters: [(tuple of str, str), ...]}. */
static int
table_build(Table *t, PyObject *dict, const char *name)
{
    memset(t, 0, sizeof *t);
    if (!PyDict_Check(dict)) {
        PyErr_Format(PyExc_TypeError, "configure: %s must hold two dicts", name);
        return -1;
    }
    Py_ssize_t nkeys = PyDict_GET_SIZE(dict), nforms = 0, pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(dict, &pos, &k, &v)) {
        if (!PyUnicode_Check(k) || PyUnicode_GET_LENGTH(k) > 2 || !PyList_Check(v)) {
            PyErr_Format(PyExc_TypeError, "configure: %s: keys of at most 2 letters, values lists", name);
            return -1;
        }
        for (Py_ssize_t e = 0; e < PyList_GET_SIZE(v); e++) {
            PyObject *entry = PyList_GET_ITEM(v, e);
            if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 2 || !PyTuple_Check(PyTuple_GET_ITEM(entry, 0))
                || PyTuple_GET_SIZE(PyTuple_GET_ITEM(entry, 0)) == 0 || !PyUnicode_Check(PyTuple_GET_ITEM(entry, 1))) {
                PyErr_Format(PyExc_TypeError, "configure: %s: each form a (tuple of str, str)", name);
                return -1;
            }
            PyObject *toks = PyTuple_GET_ITEM(entry, 0);
            for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(toks); j++)
                if (!PyUnicode_Check(PyTuple_GET_ITEM(toks, j))) {
                    PyErr_Format(PyExc_TypeError, "configure: %s: each form a (tuple of str, str)", name);
                    return -1;
                }
        }
        nforms += PyList_GET_SIZE(v);
    }
    size_t size = 16;
    while (size < 2 * (size_t)nkeys + 2)
        size <<= 1;
    t->slots = PyMem_Calloc(size, sizeof(Slot));
    t->forms = PyMem_Calloc((size_t)nforms + 1, sizeof(Form));
    if (t->slots == NULL || t->forms == NULL) {
        table_clear(t);
        PyErr_NoMemory();
        return -1;
    }
    t->mask = size - 1;
    pos = 0;
    while (PyDict_Next(dict, &pos, &k, &v)) {
        Str s;
        str_of(&s, k);
        uint64_t key = key_of(s.len, s.len > 0 ? AT(&s, 0) : 0, s.len > 1 ? AT(&s, 1) : 0);
        size_t h = slot_hash(key) & t->mask;
        while (t->slots[h].key != 0)
            h = (h + 1) & t->mask; /* dict keys are distinct */
        t->slots[h].key = key;
        t->slots[h].start = t->nforms;
        t->slots[h].count = PyList_GET_SIZE(v);
        for (Py_ssize_t e = 0; e < PyList_GET_SIZE(v); e++) {
            PyObject *entry = PyList_GET_ITEM(v, e);
            t->forms[t->nforms].toks = Py_NewRef(PyTuple_GET_ITEM(entry, 0));
            t->forms[t->nforms].code = Py_NewRef(PyTuple_GET_ITEM(entry, 1));
            t->nforms++;
        }
    }
    return 0;
}

/* -- the settings, from configure() ------------------------------------------- */

static struct {
    int ready;
    PyObject *nothing;     /* frozenset(): the codes of a name without legal forms, one object */
    PyObject *index;       /* _INDEX: first key -> [(toks, code, edge_only), ...] */
    PyObject *ending_only; /* _ENDING_ONLY: frozenset of str */
    PyObject *keys;        /* _KEYS: token -> key, the cache _token_key fills */
    PyObject *token_key;   /* _token_key: str -> str */
    Table ending[2];       /* _BY_ENDING: by the first two letters, by the second and third, of the last word */
    Table start[2];        /* _BY_START: the same of the first word */
} settings;

/* -- _near, _fuzzy_trailing_form, _fuzzy_leading_form ------------------------- */

/* What the search for a fuzzy form found: (start or end, code). */
typedef struct {
    Py_ssize_t at; /* -1: none */
    PyObject *code;
} Found;

/* The slots _near(tables, word) reads, in its order: first_two[word[:2]], first_two[word[1] + word[0]],
 * first_two[word[0] + word[2:3]], first_two[word[1:3]], second_third[word[1:3]], second_third[word[:2]].
 * ``word`` has two letters or more. */
static int
near_slots(const Table tables[2], const Str *word, const Slot *out[6], const Table *of[6])
{
    Py_UCS4 c0 = AT(word, 0), c1 = AT(word, 1);
    int three = word->len >= 3;
    Py_UCS4 c2 = three ? AT(word, 2) : 0;
    uint64_t keys[6] = {
        key_of(2, c0, c1),
        key_of(2, c1, c0),
        three ? key_of(2, c0, c2) : key_of(1, c0, 0),
        three ? key_of(2, c1, c2) : key_of(1, c1, 0),
        three ? key_of(2, c1, c2) : key_of(1, c1, 0),
        key_of(2, c0, c1),
    };
    for (int k = 0; k < 6; k++) {
        of[k] = &tables[k < 4 ? 0 : 1];
        out[k] = table_get(of[k], keys[k]);
    }
    return 6;
}

/* _fuzzy_trailing_form(keys, longer_than): the longest misspelt or cut-off form ending the name. */
static Found
fuzzy_trailing_form(const Str *keys, Py_ssize_t n, Py_ssize_t longer_than)
{
    Found best = {-1, NULL};
    const Str *last = &keys[n - 1];
    if (last->len < 2)
        return best;
    const Slot *slots[6];
    const Table *of[6];
    near_slots(settings.ending, last, slots, of);
    for (int s = 0; s < 6; s++) {
        if (slots[s] == NULL)
            continue;
        for (Py_ssize_t f = slots[s]->start; f < slots[s]->start + slots[s]->count; f++) {
            const Form *form = &of[s]->forms[f];
            Py_ssize_t m = PyTuple_GET_SIZE(form->toks);
            if (m <= longer_than || m >= n || (best.at >= 0 && n - best.at >= m) || (last->len < 4 && m < 3))
                continue; /* a legal form is never the whole name */
            if (!edge_close(last, form->toks, m - 1, 1)) /* _near_ending's filter */
                continue;
            if (close_words(keys + n - m, form->toks, 1)) {
                best.at = n - m;
                best.code = form->code;
            }
        }
    }
    return best;
}

/* _fuzzy_leading_form(keys, longer_than): the longest misspelt form opening the name. */
static Found
fuzzy_leading_form(const Str *keys, Py_ssize_t n, Py_ssize_t longer_than)
{
    Found best = {-1, NULL};
    const Str *first = &keys[0];
    if (first->len < 3)
        return best;
    const Slot *slots[6];
    const Table *of[6];
    near_slots(settings.start, first, slots, of);
    for (int s = 0; s < 6; s++) {
        if (slots[s] == NULL)
            continue;
        for (Py_ssize_t f = slots[s]->start; f < slots[s]->start + slots[s]->count; f++) {
            const Form *form = &of[s]->forms[f];
            Py_ssize_t m = PyTuple_GET_SIZE(form->toks);
            if (m <= longer_than || m >= n || (best.at >= 0 && best.at >= m) || (first->len < 5 && m < 3))
                continue;
            if (!edge_close(first, form->toks, 0, 0)) /* _near_start's filter */
                continue;
            if (close_words(keys, form->toks, 0)) {
                best.at = m;
                best.code = form->code;
            }
        }
    }
    return best;
}

/* -- split_legal_forms ------------------------------------------------------------ */

typedef struct {
    Py_ssize_t start, end;
    PyObject *code; /* borrowed from the tables */
    int edge_only;
} Span;

/* The rest of split_legal_forms, once the keys are known; spans, accepted and drop have room for n. */
static PyObject *
split(PyObject *tokens, const Str *keys, Py_ssize_t n, Span *spans, char *accepted, char *drop)
{
    Py_ssize_t nspans = 0;
    for (Py_ssize_t i = 0; i < n;) {
        PyObject *entries = PyDict_GetItemWithError(settings.index, keys[i].obj);
        if (entries == NULL && PyErr_Occurred())
            return NULL;
        int hit = 0;
        if (entries != NULL) {
            for (Py_ssize_t e = 0; e < PyList_GET_SIZE(entries); e++) {
                PyObject *entry = PyList_GET_ITEM(entries, e);
                PyObject *toks = PyTuple_GET_ITEM(entry, 0);
                Py_ssize_t m = PyTuple_GET_SIZE(toks);
                if (i + m > n)
                    continue;
                Py_ssize_t k = 0;
                for (; k < m; k++) {
                    Str t;
                    str_of(&t, PyTuple_GET_ITEM(toks, k));
                    if (!str_eq(&keys[i + k], &t))
                        break;
                }
                if (k == m) {
                    spans[nspans].start = i;
                    spans[nspans].end = i + m;
                    spans[nspans].code = PyTuple_GET_ITEM(entry, 1);
                    spans[nspans].edge_only = PyTuple_GET_ITEM(entry, 2) == Py_True;
                    nspans++;
                    i += m;
                    hit = 1;
                    break;
                }
            }
        }
        if (!hit)
            i++;
    }
    /* A misspelt form counts where it is longer than the form found exactly at that edge. */
    Py_ssize_t ending = 0;
    for (Py_ssize_t s = 0; s < nspans; s++)
        if (spans[s].end == n) {
            ending = n - spans[s].start;
            break;
        }
    Found fuzzy = fuzzy_trailing_form(keys, n, ending);
    if (fuzzy.at >= 0) {
        Py_ssize_t kept = 0;
        for (Py_ssize_t s = 0; s < nspans; s++)
            if (spans[s].end <= fuzzy.at)
                spans[kept++] = spans[s];
        spans[kept].start = fuzzy.at;
        spans[kept].end = n;
        spans[kept].code = fuzzy.code;
        spans[kept].edge_only = 1;
        nspans = kept + 1;
    }
    Py_ssize_t opening_exact = 0;
    for (Py_ssize_t s = 0; s < nspans; s++)
        if (spans[s].start == 0) {
            opening_exact = spans[s].end;
            break;
        }
    Found opening = fuzzy_leading_form(keys, n, opening_exact);
    if (opening.at >= 0) {
        /* the spans are in order: those kept are the last ones */
        Py_ssize_t first_kept = nspans;
        while (first_kept > 0 && spans[first_kept - 1].start >= opening.at)
            first_kept--;
        memmove(spans + 1, spans + first_kept, (size_t)(nspans - first_kept) * sizeof(Span));
        nspans = nspans - first_kept + 1;
        spans[0].start = 0;
        spans[0].end = opening.at;
        spans[0].code = opening.code;
        spans[0].edge_only = 1;
    }
    if (nspans == 0)
        goto nothing;
    for (Py_ssize_t s = 0; s < nspans; s++)
        accepted[s] = !spans[s].edge_only;
    /* edge-only spans: accepted when only legal forms separate them from an edge */
    Py_ssize_t pos = 0;
    for (Py_ssize_t s = 0; s < nspans; s++) {
        if (spans[s].start != pos)
            break;
        if (spans[s].end - spans[s].start == 1) {
            int only = PySet_Contains(settings.ending_only, keys[spans[s].start].obj);
            if (only < 0)
                return NULL;
            if (only)
                break;
        }
        accepted[s] = 1;
        pos = spans[s].end;
    }
    pos = n;
    for (Py_ssize_t s = nspans - 1; s >= 0; s--) {
        if (spans[s].end != pos)
            break;
        accepted[s] = 1;
        pos = spans[s].start;
    }
    memset(drop, 0, (size_t)n);
    Py_ssize_t dropped = 0;
    int any = 0;
    for (Py_ssize_t s = 0; s < nspans; s++)
        if (accepted[s]) {
            any = 1;
            for (Py_ssize_t j = spans[s].start; j < spans[s].end; j++)
                if (!drop[j]) {
                    drop[j] = 1;
                    dropped++;
                }
        }
    if (!any || dropped >= n)
        goto nothing;
    PyObject *codes = PyFrozenSet_New(NULL);
    PyObject *rest = PyList_New(n - dropped);
    if (codes == NULL || rest == NULL)
        goto fail;
    for (Py_ssize_t s = 0; s < nspans; s++)
        if (accepted[s] && PySet_Add(codes, spans[s].code) < 0)
            goto fail;
    for (Py_ssize_t j = 0, r = 0; j < n; j++)
        if (!drop[j])
            PyList_SET_ITEM(rest, r++, Py_NewRef(PyList_GET_ITEM(tokens, j)));
    PyObject *out = PyTuple_Pack(2, rest, codes);
    Py_DECREF(rest);
    Py_DECREF(codes);
    return out;
fail:
    Py_XDECREF(codes);
    Py_XDECREF(rest);
    return NULL;
nothing:
    return PyTuple_Pack(2, tokens, settings.nothing);
}

#define SMALL 32

PyDoc_STRVAR(split_legal_forms_doc,
"split_legal_forms(tokens) -> (rest, codes)\n\n"
"legal_forms.split_legal_forms, computed here: the tokens without their legal forms\n"
"(``tokens`` itself when none is removed) and the frozenset of the forms' codes.");

static PyObject *
split_legal_forms(PyObject *module, PyObject *tokens)
{
    if (!settings.ready) {
        PyErr_SetString(PyExc_RuntimeError, "partyscreen.normalize._legal_forms is not configured (legal_forms.py does it)");
        return NULL;
    }
    if (!PyList_Check(tokens)) {
        PyErr_Format(PyExc_TypeError, "split_legal_forms: tokens must be a list, not %.100s", Py_TYPE(tokens)->tp_name);
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    if (n == 0)
        return PyTuple_Pack(2, tokens, settings.nothing);
    Str small_keys[SMALL];
    Span small_spans[SMALL + 1];
    char small_flags[2 * SMALL + 2];
    Str *keys = small_keys;
    Span *spans = small_spans;
    char *flags = small_flags;
    Py_ssize_t nkeys = 0;
    PyObject *result = NULL;
    if (n > SMALL) {
        keys = PyMem_New(Str, (size_t)n);
        spans = PyMem_New(Span, (size_t)n + 1);
        flags = PyMem_Malloc(2 * (size_t)n + 2);
        if (keys == NULL || spans == NULL || flags == NULL) {
            PyErr_NoMemory();
            goto done;
        }
    }
    /* _key(tokens): each token's key, from the cache or _token_key */
    for (; nkeys < n; nkeys++) {
        if (PyList_GET_SIZE(tokens) != n) {
            PyErr_SetString(PyExc_RuntimeError, "split_legal_forms: the list changed size");
            goto done;
        }
        PyObject *token = PyList_GET_ITEM(tokens, nkeys);
        if (!PyUnicode_Check(token)) {
            PyErr_Format(PyExc_TypeError, "split_legal_forms: tokens must be str, not %.100s", Py_TYPE(token)->tp_name);
            goto done;
        }
        PyObject *key = PyDict_GetItemWithError(settings.keys, token);
        if (key != NULL)
            Py_INCREF(key);
        else if (PyErr_Occurred())
            goto done;
        else {
            /* a call back into Python (_token_key): hold the token meanwhile */
            Py_INCREF(token);
            key = PyObject_CallOneArg(settings.token_key, token);
            Py_DECREF(token);
            if (key == NULL)
                goto done;
        }
        if (!PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "split_legal_forms: a token's key must be str");
            Py_DECREF(key);
            goto done;
        }
        str_of(&keys[nkeys], key);
    }
    if (PyList_GET_SIZE(tokens) != n) {
        PyErr_SetString(PyExc_RuntimeError, "split_legal_forms: the list changed size");
        goto done;
    }
    result = split(tokens, keys, n, spans, flags, flags + n + 1);
done:
    for (Py_ssize_t k = 0; k < nkeys; k++)
        Py_DECREF(keys[k].obj);
    if (n > SMALL) {
        PyMem_Free(keys);
        PyMem_Free(spans);
        PyMem_Free(flags);
    }
    return result;
}

/* -- configure ----------------------------------------------------------------------- */

/* Each value of _INDEX a list of (tuple of str, str, bool), the tuple not empty. */
static int
check_index(PyObject *index)
{
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(index, &pos, &k, &v)) {
        if (!PyUnicode_Check(k) || !PyList_Check(v))
            goto bad;
        for (Py_ssize_t e = 0; e < PyList_GET_SIZE(v); e++) {
            PyObject *entry = PyList_GET_ITEM(v, e);
            if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 3)
                goto bad;
            PyObject *toks = PyTuple_GET_ITEM(entry, 0);
            if (!PyTuple_Check(toks) || PyTuple_GET_SIZE(toks) == 0 || !PyUnicode_Check(PyTuple_GET_ITEM(entry, 1))
                || !PyBool_Check(PyTuple_GET_ITEM(entry, 2)))
                goto bad;
            for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(toks); j++)
                if (!PyUnicode_Check(PyTuple_GET_ITEM(toks, j)))
                    goto bad;
        }
    }
    return 0;
bad:
    PyErr_SetString(PyExc_TypeError, "configure: index maps str to lists of (tuple of str, str, bool)");
    return -1;
}

PyDoc_STRVAR(configure_doc,
"configure(*, index, by_ending, by_start, ending_only, keys, token_key) -> None\n\n"
"The tables and helpers of legal_forms.py: _INDEX, _BY_ENDING, _BY_START, _ENDING_ONLY,\n"
"the _KEYS cache and _token_key.");

static PyObject *
configure(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"index", "by_ending", "by_start", "ending_only", "keys", "token_key", NULL};
    PyObject *index, *by_ending, *by_start, *ending_only, *keys, *token_key;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!O!O!O!O!O:configure", keywords, &PyDict_Type, &index,
                                     &PyTuple_Type, &by_ending, &PyTuple_Type, &by_start, &PyFrozenSet_Type,
                                     &ending_only, &PyDict_Type, &keys, &token_key))
        return NULL;
    if (check_index(index) < 0)
        return NULL;
    if (PyTuple_GET_SIZE(by_ending) != 2 || PyTuple_GET_SIZE(by_start) != 2) {
        PyErr_SetString(PyExc_TypeError, "configure: by_ending and by_start are each two dicts");
        return NULL;
    }
    if (!PyCallable_Check(token_key)) {
        PyErr_SetString(PyExc_TypeError, "configure: token_key must be callable");
        return NULL;
    }
    Table ending[2], start[2];
    memset(ending, 0, sizeof ending);
    memset(start, 0, sizeof start);
    for (int k = 0; k < 2; k++)
        if (table_build(&ending[k], PyTuple_GET_ITEM(by_ending, k), "by_ending") < 0
            || table_build(&start[k], PyTuple_GET_ITEM(by_start, k), "by_start") < 0) {
            for (int j = 0; j < 2; j++) {
                table_clear(&ending[j]);
                table_clear(&start[j]);
            }
            return NULL;
        }
    for (int k = 0; k < 2; k++) {
        table_clear(&settings.ending[k]);
        table_clear(&settings.start[k]);
        settings.ending[k] = ending[k];
        settings.start[k] = start[k];
    }
    if (settings.nothing == NULL && (settings.nothing = PyFrozenSet_New(NULL)) == NULL)
        return NULL;
    Py_XSETREF(settings.index, Py_NewRef(index));
    Py_XSETREF(settings.ending_only, Py_NewRef(ending_only));
    Py_XSETREF(settings.keys, Py_NewRef(keys));
    Py_XSETREF(settings.token_key, Py_NewRef(token_key));
    settings.ready = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"configure", (PyCFunction)(void (*)(void))configure, METH_VARARGS | METH_KEYWORDS, configure_doc},
    {"split_legal_forms", split_legal_forms, METH_O, split_legal_forms_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "partyscreen.normalize._legal_forms",
    "The native twin of legal_forms.py's split_legal_forms (the Python there is the reference).",
    -1,
    methods,
};

PyMODINIT_FUNC
PyInit__legal_forms(void)
{
    return PyModule_Create(&module);
}
