/*
 * partyscreen.match._similarity: the native twin of the word rules of
 * partyscreen/match/features.py.
 *
 * features.align_tokens compares every word of one name with every word of
 * the other (token_similarity), sorts the pairs that count and pairs the words
 * off greedily, best first (_greedy_pairs).  This module does the same in C,
 * rule for rule and in the same order, so that a pair of names costs one call
 * instead of a Python call and a tuple per pair of words.
 *
 * The Python code in features.py is the reference: it runs where this module
 * is not built (PARTYSCREEN_PURE_PYTHON=1), and tests/match/test_similarity.py
 * checks that both give the same floats, bit for bit, and the same pairs.  A
 * change to a rule there must be made here too; those tests catch a miss.
 *
 * What the rules are tuned with (the ratios, the Roman numerals, the Baltic
 * endings) is not written here: features.py hands it over through
 * configure() when it is imported.  So are the functions of
 * partyscreen.normalize some rules consult (given-name key, phonetic key,
 * consonant skeleton, patronymic, Wade-Giles readings): they are called back
 * as Python, at most once per word and call, and only when a rule gets to them.
 *
 * Floats are computed as Python does: a ratio of two lengths is a C double
 * division of the two integers, which is what Python's int / int gives for
 * integers below 2**53.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

/* -- the rules' settings, from configure() -------------------------------- */

static struct {
    int ready;
    double person_variant_ratio;    /* PERSON_VARIANT_RATIO */
    double org_spelling_ratio;      /* ORG_SPELLING_RATIO */
    double org_variant_ratio;       /* ORG_VARIANT_RATIO */
    double person_same_shape_ratio; /* PERSON_SAME_SHAPE_RATIO */
    double org_variant_factor;      /* ORG_VARIANT_FACTOR */
    PyObject *roman;                /* _ROMAN: numerals of an organisation's name */
    PyObject *person_roman;         /* _PERSON_ROMAN: numerals of a person's name */
    PyObject *baltic_endings;       /* _BALTIC_ENDINGS: tuple of str, tried in order */
    PyObject *canonical_given_name; /* str -> str */
    PyObject *phonetic_key;         /* str -> str */
    PyObject *consonant_skeleton;   /* str -> str */
    PyObject *is_patronymic;        /* str -> bool */
    PyObject *pinyin_readings;      /* str -> frozenset[str] */
} rules;

/* -- one word of a name ---------------------------------------------------- */

typedef struct {
    PyObject *text;     /* borrowed: the token */
    Py_UCS4 *ch;        /* its code points (a copy, so that every rule reads one kind) */
    Py_ssize_t len;
    char number;        /* text.isdigit(), or a Roman numeral of the name's kind */
    Py_ssize_t stem;    /* len(_baltic_stem(text)); -1 until asked */
    /* Callbacks' answers, owned; NULL (or -1) until a rule asks. */
    PyObject *given, *phonetic, *skeleton, *readings;
    signed char patronymic;
} Word;

/* Reads ``text`` into ``w``, its code points into ``buffer``. */
static int
word_init(Word *w, PyObject *text, Py_UCS4 *buffer, int person)
{
    memset(w, 0, sizeof *w);
    w->stem = -1;
    w->patronymic = -1;
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "a token must be str, not %.100s", Py_TYPE(text)->tp_name);
        return -1;
    }
    w->text = text;
    w->ch = buffer;
    w->len = PyUnicode_GET_LENGTH(text);
    if (w->len && PyUnicode_AsUCS4(text, buffer, w->len, 0) == NULL)
        return -1;
    /* str.isdigit(): every character a digit, in Unicode's sense (Py_UNICODE_ISDIGIT is what it uses). */
    int digits = w->len > 0;
    for (Py_ssize_t k = 0; digits && k < w->len; k++)
        digits = Py_UNICODE_ISDIGIT(w->ch[k]);
    int numeral = digits ? 0 : PySet_Contains(person ? rules.person_roman : rules.roman, text);
    if (numeral < 0)
        return -1;
    w->number = (char)(digits || numeral);
    return 0;
}

static void
word_clear(Word *w)
{
    Py_CLEAR(w->given);
    Py_CLEAR(w->phonetic);
    Py_CLEAR(w->skeleton);
    Py_CLEAR(w->readings);
}

/* fn(word), called once per word: later rules and pairs read the answer kept in ``slot``. */
static PyObject *
asked(PyObject **slot, PyObject *fn, const Word *w)
{
    if (*slot == NULL)
        *slot = PyObject_CallOneArg(fn, w->text);
    return *slot;
}

/* fn(a) == fn(b); -1 on an error. */
static int
same_answer(PyObject **slot_a, PyObject **slot_b, PyObject *fn, const Word *a, const Word *b)
{
    PyObject *x = asked(slot_a, fn, a);
    if (x == NULL)
        return -1;
    PyObject *y = asked(slot_b, fn, b);
    if (y == NULL)
        return -1;
    return PyObject_RichCompareBool(x, y, Py_EQ);
}

/* _baltic_stem(w) as a length: the first ending that leaves four letters or more is cut. */
static Py_ssize_t
baltic_stem(Word *w)
{
    if (w->stem >= 0)
        return w->stem;
    w->stem = w->len;
    Py_ssize_t n = PyTuple_GET_SIZE(rules.baltic_endings);
    for (Py_ssize_t e = 0; e < n; e++) {
        PyObject *ending = PyTuple_GET_ITEM(rules.baltic_endings, e);
        Py_ssize_t size = PyUnicode_GET_LENGTH(ending);
        if (size > w->len || w->len - size < 4)
            continue;
        int kind = PyUnicode_KIND(ending);
        const void *data = PyUnicode_DATA(ending);
        Py_ssize_t k = 0;
        while (k < size && PyUnicode_READ(kind, data, k) == w->ch[w->len - size + k])
            k++;
        if (k == size) {
            w->stem = w->len - size;
            break;
        }
    }
    return w->stem;
}

/* -- comparisons of code points ------------------------------------------ */

static int
same_chars(const Py_UCS4 *a, const Py_UCS4 *b, Py_ssize_t n)
{
    return n == 0 || memcmp(a, b, (size_t)n * sizeof(Py_UCS4)) == 0;
}

static int
equal(const Word *a, const Word *b)
{
    return a->len == b->len && same_chars(a->ch, b->ch, a->len);
}

/* _squeeze(a) == _squeeze(b): equal once each run of one letter is written once. */
static int
squeezed_equal(const Word *a, const Word *b)
{
    Py_ssize_t i = 0, j = 0;
    while (i < a->len && j < b->len) {
        Py_UCS4 c = a->ch[i];
        if (b->ch[j] != c)
            return 0;
        while (i < a->len && a->ch[i] == c)
            i++;
        while (j < b->len && b->ch[j] == c)
            j++;
    }
    return i == a->len && j == b->len;
}

/* _glued_article(a, b): the longer word is "al" or "el" written onto the shorter. */
static int
glued_article(const Word *a, const Word *b)
{
    const Word *longer = a->len > b->len ? a : b;
    const Word *shorter = longer == a ? b : a;
    return longer->len >= 2 && (longer->ch[0] == 'a' || longer->ch[0] == 'e') && longer->ch[1] == 'l'
        && longer->len - 2 == shorter->len && same_chars(longer->ch + 2, shorter->ch, shorter->len);
}

static int
starts_with(const Word *a, const Word *prefix)
{
    return prefix->len <= a->len && same_chars(a->ch, prefix->ch, prefix->len);
}

/* The optimal string alignment distance (edits of one letter, and swaps of two
   neighbours no later edit touches): what rapidfuzz.distance.OSA.distance gives.
   Two ways, as rapidfuzz has them: bit-parallel (Hyyroe 2003) when the shorter
   word fits in 64 bits, as words do; the dynamic-programming table otherwise. */

/* Bit-parallel, with ``a`` (1 to 64 letters) as the pattern: bit i of a mask is a[i]. */
static Py_ssize_t
osa_bits(const Py_UCS4 *a, Py_ssize_t la, const Py_UCS4 *b, Py_ssize_t lb)
{
    /* The positions of each letter below 256 in ``a``: a table kept all zero between calls (the
       few entries set are cleared at the end), not cleared whole for each pair of words.  Nothing
       here calls Python, so no other call can come in between while it holds bits. */
    static uint64_t latin1[256];
    for (Py_ssize_t i = 0; i < la; i++)
        if (a[i] < 256)
            latin1[a[i]] |= (uint64_t)1 << i;
    uint64_t vp = ~(uint64_t)0, vn = 0, d0 = 0, previous = 0;
    const uint64_t last = (uint64_t)1 << (la - 1);
    Py_ssize_t distance = la;
    for (Py_ssize_t j = 0; j < lb; j++) {
        uint64_t match = 0;
        if (b[j] < 256)
            match = latin1[b[j]];
        else
            for (Py_ssize_t i = 0; i < la; i++)
                match |= (uint64_t)(a[i] == b[j]) << i;
        uint64_t swap = ((~d0 & match) << 1) & previous;  /* a transposition */
        d0 = (((match & vp) + vp) ^ vp) | match | vn | swap;
        uint64_t hp = vn | ~(d0 | vp), hn = d0 & vp;
        distance += (hp & last) != 0;
        distance -= (hn & last) != 0;
        hp = (hp << 1) | 1;
        hn <<= 1;
        vp = hn | ~(d0 | hp);
        vn = hp & d0;
        previous = match;
    }
    for (Py_ssize_t i = 0; i < la; i++)
        if (a[i] < 256)
            latin1[a[i]] = 0;
    return distance;
}

/* The table, three rows of it; -1 when out of memory. */
static Py_ssize_t
osa_table(const Py_UCS4 *a, Py_ssize_t la, const Py_UCS4 *b, Py_ssize_t lb)
{
    Py_ssize_t *rows = PyMem_New(Py_ssize_t, 3 * (size_t)(lb + 1));
    if (rows == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t *before = rows, *previous = rows + lb + 1, *current = rows + 2 * (lb + 1);
    for (Py_ssize_t j = 0; j <= lb; j++)
        previous[j] = j;
    for (Py_ssize_t i = 1; i <= la; i++) {
        current[0] = i;
        for (Py_ssize_t j = 1; j <= lb; j++) {
            Py_ssize_t best = previous[j - 1] + (a[i - 1] != b[j - 1]);
            if (previous[j] + 1 < best)
                best = previous[j] + 1;
            if (current[j - 1] + 1 < best)
                best = current[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && before[j - 2] + 1 < best)
                best = before[j - 2] + 1;
            current[j] = best;
        }
        Py_ssize_t *done = before;
        before = previous;
        previous = current;
        current = done;
    }
    Py_ssize_t distance = previous[lb];
    PyMem_Free(rows);
    return distance;
}

/* The distance is symmetric: the shorter word is the pattern. */
static Py_ssize_t
osa(const Py_UCS4 *a, Py_ssize_t la, const Py_UCS4 *b, Py_ssize_t lb)
{
    if (la > lb)
        return osa(b, lb, a, la);
    if (la == 0)
        return lb;
    return la <= 64 ? osa_bits(a, la, b, lb) : osa_table(a, la, b, lb);
}

/* -- the rules --------------------------------------------------------------- */

/* features.token_similarity(a, b, person, last, abjad, wade_giles), rule for rule
   (see there for why each rule is what it is).  -1.0 with an exception set on an error. */
static double
similarity(Word *a, Word *b, int person, int last, int abjad, int wade_giles)
{
    int same;
    if (equal(a, b))
        return 1.0;
    if (a->len == 0 || b->len == 0) {
        PyErr_SetString(PyExc_IndexError, "string index out of range");  /* as a[0] raises */
        return -1.0;
    }
    const Py_UCS4 *x = a->ch, *y = b->ch;
    if (x[0] == y[0] && a->len != b->len && squeezed_equal(a, b))
        return 0.9;  /* a doubled or dropped double letter */
    if (wade_giles) {  /* Hsi ~ Xi */
        PyObject *readings = asked(&a->readings, rules.pinyin_readings, a);
        if (readings == NULL || (same = PySequence_Contains(readings, b->text)) < 0)
            return -1.0;
        if (same)
            return 0.9;
        readings = asked(&b->readings, rules.pinyin_readings, b);
        if (readings == NULL || (same = PySequence_Contains(readings, a->text)) < 0)
            return -1.0;
        if (same)
            return 0.9;
    }
    Py_ssize_t shorter = a->len < b->len ? a->len : b->len;
    Py_ssize_t longer = a->len > b->len ? a->len : b->len;
    if (!person && longer - shorter == 2 && shorter >= 4 && glued_article(a, b))
        return 0.9;  /* Alaqsa ~ (Al-)Aqsa */
    if (shorter == 1)
        return person && x[0] == y[0] ? 0.9 : 0.0;  /* an initial, in a person's name */
    if (a->number || b->number)
        return 0.0;  /* numbers are equal or different */
    if (person) {  /* Bill ~ William */
        if ((same = same_answer(&a->given, &b->given, rules.canonical_given_name, a, b)) < 0)
            return -1.0;
        if (same)
            return 0.95;
    }
    if (shorter <= 2)
        return 0.0;
    if (shorter == 3 && longer > 4)
        return 0.0;  /* lengths too far apart: the rules below cannot hold */
    if (x[0] != y[0] && !abjad
        && (double)shorter / (double)longer < (person ? rules.person_variant_ratio : rules.org_variant_ratio))
        return 0.0;
    Py_ssize_t distance = osa(x, a->len, y, b->len);
    if (distance < 0)
        return -1.0;
    double ratio = 1.0 - (double)distance / (double)longer;
    if (shorter == 3 && distance > 1)
        return 0.0;
    if (person && longer >= 5 && x[0] == y[0]) {
        Py_ssize_t stem = baltic_stem(a);
        if (stem == baltic_stem(b) && same_chars(x, y, stem))
            return 0.9 > ratio ? 0.9 : ratio;  /* max(ratio, 0.9): Lavrovs ~ Lavrov */
    }
    if (ratio >= (person ? rules.person_variant_ratio : rules.org_spelling_ratio))
        return ratio;
    if (person && ratio >= rules.person_same_shape_ratio && x[0] == y[0] && a->len == b->len)
        return ratio;  /* Pavlovna ~ Paulauna */
    if (abjad && shorter >= 3) {  /* the consonants an abjad writes: frnandu ~ Fernando */
        PyObject *skeleton = asked(&a->skeleton, rules.consonant_skeleton, a);
        if (skeleton == NULL)
            return -1.0;
        Py_ssize_t size = PyObject_Length(skeleton);
        if (size < 0)
            return -1.0;
        if (size >= 2) {
            if ((same = same_answer(&a->skeleton, &b->skeleton, rules.consonant_skeleton, a, b)) < 0)
                return -1.0;
            if (same)
                return 0.8;
        }
    }
    if (!person && ratio >= rules.org_variant_ratio && distance <= 2)
        return ratio * rules.org_variant_factor;  /* an organisation's word, a variant worth less */
    if (person && shorter >= 4 && x[0] == y[0]) {  /* sounds the same */
        if ((same = same_answer(&a->phonetic, &b->phonetic, rules.phonetic_key, a, b)) < 0)
            return -1.0;
        if (same)
            return 0.7;
    }
    if (person && !last && shorter >= 3 && (starts_with(a, b) || starts_with(b, a))) {  /* Ben ~ Benjamin */
        Word *whole = a->len > b->len ? a : b;
        if (whole->patronymic < 0) {
            PyObject *answer = PyObject_CallOneArg(rules.is_patronymic, whole->text);
            int truth = answer == NULL ? -1 : PyObject_IsTrue(answer);
            Py_XDECREF(answer);
            if (truth < 0)
                return -1.0;
            whole->patronymic = (signed char)truth;
        }
        if (!whole->patronymic)
            return 0.7;
    }
    return 0.0;
}

/* -- the module's functions ---------------------------------------------------- */

static int
check_ready(void)
{
    if (!rules.ready)
        PyErr_SetString(PyExc_RuntimeError, "partyscreen.match._similarity is not configured (features.py does it)");
    return rules.ready;
}

/* A name: its tokens and their words. */
typedef struct {
    PyObject *seq;      /* PySequence_Fast of the tokens */
    Py_ssize_t n;       /* the words read (and to clear) */
    Word *words;
} Name;

/* Reads two names into ``names``; one block of memory, ``*memory``, holds the words and
   their code points.  On an error too, the caller frees both with names_free. */
static int
names_read(Name names[2], PyObject *first, PyObject *second, int person, void **memory)
{
    PyObject *tokens[2] = {first, second};
    Py_ssize_t sizes[2], chars = 0;
    *memory = NULL;
    for (int k = 0; k < 2; k++) {
        names[k].seq = PySequence_Fast(tokens[k], "the tokens must be a sequence of str");
        if (names[k].seq == NULL)
            return -1;
        sizes[k] = PySequence_Fast_GET_SIZE(names[k].seq);
        for (Py_ssize_t i = 0; i < sizes[k]; i++) {
            PyObject *text = PySequence_Fast_GET_ITEM(names[k].seq, i);
            if (PyUnicode_Check(text))
                chars += PyUnicode_GET_LENGTH(text);
        }
    }
    *memory = PyMem_Malloc((size_t)(sizes[0] + sizes[1]) * sizeof(Word) + (size_t)chars * sizeof(Py_UCS4) + 1);
    if (*memory == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Word *words = *memory;
    Py_UCS4 *buffer = (Py_UCS4 *)(words + sizes[0] + sizes[1]);
    for (int k = 0; k < 2; k++) {
        names[k].words = words;
        for (Py_ssize_t i = 0; i < sizes[k]; i++) {
            names[k].n = i + 1;
            if (word_init(&words[i], PySequence_Fast_GET_ITEM(names[k].seq, i), buffer, person) < 0)
                return -1;
            buffer += words[i].len;
        }
        words += sizes[k];
    }
    return 0;
}

static void
names_free(Name names[2], void *memory)
{
    for (int k = 0; k < 2; k++) {
        for (Py_ssize_t i = 0; i < names[k].n; i++)
            word_clear(&names[k].words[i]);
        Py_XDECREF(names[k].seq);
    }
    PyMem_Free(memory);
}

PyDoc_STRVAR(token_similarity_doc,
"token_similarity(a, b, person, last, abjad, wade_giles) -> float\n\n"
"features.token_similarity, computed here (and not cached).");

static PyObject *
token_similarity(PyObject *module, PyObject *args)
{
    PyObject *a, *b;
    int person, last, abjad, wade_giles;
    if (!PyArg_ParseTuple(args, "UUpppp:token_similarity", &a, &b, &person, &last, &abjad, &wade_giles))
        return NULL;
    if (!check_ready())
        return NULL;
    PyObject *qa = PyTuple_Pack(1, a), *qb = PyTuple_Pack(1, b);
    Name names[2] = {{0}};
    void *memory = NULL;
    PyObject *out = NULL;
    if (qa != NULL && qb != NULL && names_read(names, qa, qb, person, &memory) == 0) {
        double sim = similarity(&names[0].words[0], &names[1].words[0], person, last, abjad, wade_giles);
        if (!(sim < 0))
            out = PyFloat_FromDouble(sim);
    }
    names_free(names, memory);
    Py_XDECREF(qa);
    Py_XDECREF(qb);
    return out;
}

typedef struct {
    double sim;
    Py_ssize_t i, j;
} Scored;

static Py_ssize_t
gap(const Scored *s)
{
    return s->i > s->j ? s->i - s->j : s->j - s->i;
}

/* The order of _greedy_pairs' scored.sort(reverse=True) on (sim, -abs(i - j), i, j):
   the more alike first, then the nearer in place, then the later i, then the later j.
   No two entries tie (i, j differ), so any sort gives the one order. */
static int
by_rank(const void *left, const void *right)
{
    const Scored *p = left, *q = right;
    if (p->sim != q->sim)
        return p->sim > q->sim ? -1 : 1;
    if (gap(p) != gap(q))
        return gap(p) < gap(q) ? -1 : 1;
    if (p->i != q->i)
        return p->i > q->i ? -1 : 1;
    return p->j > q->j ? -1 : (p->j < q->j ? 1 : 0);
}

/* Builds (pairs, used_q, used_c): the scored pairs, in rank order, of words not yet taken. */
static PyObject *
pick(const Scored *scored, Py_ssize_t count, Py_ssize_t n, Py_ssize_t m)
{
    PyObject *pairs = PyList_New(0), *used_q = PySet_New(NULL), *used_c = PySet_New(NULL);
    char *taken = PyMem_Calloc((size_t)(n + m) + 1, 1);
    PyObject *out = NULL;
    if (pairs == NULL || used_q == NULL || used_c == NULL || taken == NULL) {
        if (taken == NULL)
            PyErr_NoMemory();
        goto done;
    }
    char *taken_q = taken, *taken_c = taken + n;
    for (Py_ssize_t k = 0; k < count; k++) {
        Py_ssize_t i = scored[k].i, j = scored[k].j;
        if (taken_q[i] || taken_c[j])
            continue;
        taken_q[i] = taken_c[j] = 1;
        PyObject *pair = PyTuple_New(3);
        if (pair == NULL)
            goto done;
        PyObject *qi = PyLong_FromSsize_t(i), *cj = PyLong_FromSsize_t(j), *sim = PyFloat_FromDouble(scored[k].sim);
        PyTuple_SET_ITEM(pair, 0, qi);  /* steals; a NULL one is found below */
        PyTuple_SET_ITEM(pair, 1, cj);
        PyTuple_SET_ITEM(pair, 2, sim);
        int failed = qi == NULL || cj == NULL || sim == NULL || PyList_Append(pairs, pair) < 0
            || PySet_Add(used_q, qi) < 0 || PySet_Add(used_c, cj) < 0;
        Py_DECREF(pair);
        if (failed)
            goto done;
    }
    out = PyTuple_Pack(3, pairs, used_q, used_c);
done:
    PyMem_Free(taken);
    Py_XDECREF(pairs);
    Py_XDECREF(used_q);
    Py_XDECREF(used_c);
    return out;
}

PyDoc_STRVAR(greedy_pairs_doc,
"greedy_pairs(query, candidate, person, abjad, wade_giles) -> (pairs, used_q, used_c)\n\n"
"features._greedy_pairs: every word of one name against every word of the other, the\n"
"pairs that count paired off best first, each word used once.  ``pairs`` lists\n"
"(query index, candidate index, similarity) in the order they were taken.");

static PyObject *
greedy_pairs(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    /* METH_FASTCALL, read by hand: this runs once for every pair of names compared. */
    if (nargs != 5) {
        PyErr_Format(PyExc_TypeError, "greedy_pairs() takes 5 arguments (%zd given)", nargs);
        return NULL;
    }
    int person = PyObject_IsTrue(args[2]), abjad = PyObject_IsTrue(args[3]), wade_giles = PyObject_IsTrue(args[4]);
    if (person < 0 || abjad < 0 || wade_giles < 0 || !check_ready())
        return NULL;
    Name names[2] = {{0}};
    void *memory = NULL;
    if (names_read(names, args[0], args[1], person, &memory) < 0) {
        names_free(names, memory);
        return NULL;
    }
    Py_ssize_t n = names[0].n, m = names[1].n;
    Word *q = names[0].words, *c = names[1].words;
    PyObject *out = NULL;
    Py_ssize_t count = 0;
    Scored *scored = PyMem_New(Scored, (size_t)(n * m) + 1);
    if (scored == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        for (Py_ssize_t j = 0; j < m; j++) {
            double sim = similarity(&q[i], &c[j], person, i == n - 1 || j == m - 1, abjad, wade_giles);
            if (sim < 0)
                goto done;
            if (sim > 0)
                scored[count++] = (Scored){sim, i, j};
        }
    }
    qsort(scored, (size_t)count, sizeof(Scored), by_rank);
    out = pick(scored, count, n, m);
done:
    PyMem_Free(scored);
    names_free(names, memory);
    return out;
}

PyDoc_STRVAR(osa_distance_doc,
"osa_distance(a, b) -> int\n\n"
"The optimal string alignment distance: rapidfuzz.distance.OSA.distance(a, b).");

static PyObject *
osa_distance(PyObject *module, PyObject *args)
{
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "UU:osa_distance", &a, &b))
        return NULL;
    Py_UCS4 *x = PyUnicode_AsUCS4Copy(a), *y = PyUnicode_AsUCS4Copy(b);
    Py_ssize_t distance = -1;
    if (x != NULL && y != NULL)
        distance = osa(x, PyUnicode_GET_LENGTH(a), y, PyUnicode_GET_LENGTH(b));
    PyMem_Free(x);
    PyMem_Free(y);
    return distance < 0 ? NULL : PyLong_FromSsize_t(distance);
}

PyDoc_STRVAR(configure_doc,
"configure(*, person_variant_ratio, org_spelling_ratio, org_variant_ratio,\n"
"          person_same_shape_ratio, org_variant_factor, roman, person_roman, baltic_endings,\n"
"          canonical_given_name, phonetic_key, consonant_skeleton, is_patronymic,\n"
"          pinyin_readings) -> None\n\n"
"The rules' settings and helpers, from features.py.");

static PyObject *
configure(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {
        "person_variant_ratio", "org_spelling_ratio", "org_variant_ratio", "person_same_shape_ratio",
        "org_variant_factor", "roman", "person_roman", "baltic_endings", "canonical_given_name",
        "phonetic_key", "consonant_skeleton", "is_patronymic", "pinyin_readings", NULL,
    };
    double ratios[5];
    PyObject *objects[8];
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "dddddO!O!O!OOOOO:configure", keywords,
                                     &ratios[0], &ratios[1], &ratios[2], &ratios[3], &ratios[4],
                                     &PyFrozenSet_Type, &objects[0], &PyFrozenSet_Type, &objects[1],
                                     &PyTuple_Type, &objects[2], &objects[3], &objects[4], &objects[5],
                                     &objects[6], &objects[7]))
        return NULL;
    for (Py_ssize_t e = 0; e < PyTuple_GET_SIZE(objects[2]); e++) {
        PyObject *ending = PyTuple_GET_ITEM(objects[2], e);
        if (!PyUnicode_Check(ending) || PyUnicode_GET_LENGTH(ending) == 0) {
            PyErr_SetString(PyExc_ValueError, "baltic_endings: each a non-empty str");
            return NULL;
        }
    }
    for (int k = 3; k < 8; k++) {
        if (!PyCallable_Check(objects[k])) {
            PyErr_Format(PyExc_TypeError, "configure: %s must be callable", keywords[5 + k]);
            return NULL;
        }
    }
    rules.person_variant_ratio = ratios[0];
    rules.org_spelling_ratio = ratios[1];
    rules.org_variant_ratio = ratios[2];
    rules.person_same_shape_ratio = ratios[3];
    rules.org_variant_factor = ratios[4];
    PyObject **slots[8] = {
        &rules.roman, &rules.person_roman, &rules.baltic_endings, &rules.canonical_given_name,
        &rules.phonetic_key, &rules.consonant_skeleton, &rules.is_patronymic, &rules.pinyin_readings,
    };
    for (int k = 0; k < 8; k++)
        Py_XSETREF(*slots[k], Py_NewRef(objects[k]));
    rules.ready = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"configure", (PyCFunction)(void (*)(void))configure, METH_VARARGS | METH_KEYWORDS, configure_doc},
    {"greedy_pairs", (PyCFunction)(void (*)(void))greedy_pairs, METH_FASTCALL, greedy_pairs_doc},
    {"token_similarity", token_similarity, METH_VARARGS, token_similarity_doc},
    {"osa_distance", osa_distance, METH_VARARGS, osa_distance_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "partyscreen.match._similarity",
    "The native twin of features.py's word rules (the Python there is the reference).",
    -1,
    methods,
};

PyMODINIT_FUNC
PyInit__similarity(void)
{
    return PyModule_Create(&module);
}
