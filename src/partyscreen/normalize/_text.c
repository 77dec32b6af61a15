/*
 * partyscreen.normalize._text: the native twin of the tokenizer of
 * partyscreen/normalize/text.py and of canonical_spelling in
 * partyscreen/normalize/spelling.py, for ASCII text, and of text.py's
 * detect_script and WORD_JOINERS and names.py's _split_glued_py, for any text.
 *
 * text.tokenize lower-cases a name, drops possessive 's and apostrophes,
 * joins dotted initials (_DOTTED), keeps short letter groups around '&' as
 * one token (_SHORT_AMP), turns the other '&' into "and" (_LONE_AMP) and
 * splits on everything that is not a letter, a digit or '&' (_NON_WORD).
 * normalize_text does the first steps and splits on everything that is not a
 * letter or a digit (_NON_ALNUM).  spelling.canonical_spelling rewrites one
 * romanised token.  This module does the same in C, rule for rule and in the
 * same order: each regular expression of the Python is written out here as
 * the scan Python's re makes of it, backtracking included (the comments say
 * where backtracking cannot change the outcome).
 *
 * The Python code is the reference: it runs where this module is not built
 * (PARTYSCREEN_PURE_PYTHON=1), and for text that is not ASCII (text.py hands
 * this module the ASCII transliteration).  tests/normalize/test_text_native.py
 * checks that both give the same tokens for the names of the real lists and
 * for random strings of the characters the rules look at.  A change to a rule
 * there must be made here too; those tests catch a miss.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* -- character classes (ASCII) -------------------------------------------- */

static inline int
is_lower(unsigned char c)
{
    return c >= 'a' && c <= 'z';
}

static inline int
is_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

static inline int
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* str.isalnum() of an ASCII character; [a-z0-9] once the text is lower-cased. */
static inline int
is_alnum(unsigned char c)
{
    return is_lower(c) || is_upper(c) || is_digit(c);
}

/* re's \s (a str pattern) and str.isspace() on ASCII: \t \n \v \f \r, \x1c-\x1f and space. */
static inline int
is_space(unsigned char c)
{
    return (c >= 9 && c <= 13) || (c >= 28 && c <= 32);
}

static inline unsigned char
lower(unsigned char c)
{
    return is_upper(c) ? (unsigned char)(c + 32) : c;
}

/* A scratch buffer: on the stack for short text, else on the heap. */
#define SMALL 256

typedef struct {
    unsigned char small[SMALL];
    unsigned char *data;
} Buffer;

static unsigned char *
buffer_get(Buffer *b, Py_ssize_t size)
{
    if (size <= SMALL) {
        b->data = NULL;
        return b->small;
    }
    b->data = PyMem_Malloc((size_t)size);
    if (b->data == NULL)
        PyErr_NoMemory();
    return b->data;
}

static void
buffer_free(Buffer *b)
{
    PyMem_Free(b->data);
    b->data = NULL;
}

/* -- text.py: _prepare, _DOTTED, _SHORT_AMP, _LONE_AMP --------------------- */

/* _prepare of ASCII text: text.lower(); then _POSSESSIVE.sub("", text), "(?<=[a-z])'s(?![a-z])",
 * whose look-behind and look-ahead read the lower-cased text (re.sub reads the string it was
 * given, not its own output); then every ' and ` deleted.  One pass: a match never overlaps
 * the next (it is "'s", and the scan goes on after it). */
static Py_ssize_t
prepare(const unsigned char *s, Py_ssize_t n, unsigned char *out)
{
    Py_ssize_t j = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = lower(s[i]);
        if (c == '\'') {
            if (i > 0 && is_lower(lower(s[i - 1])) && i + 1 < n && lower(s[i + 1]) == 's'
                && !(i + 2 < n && is_lower(lower(s[i + 2]))))
                i++; /* the 's goes too */
            continue;
        }
        if (c == '`')
            continue;
        out[j++] = c;
    }
    return j;
}

/* _DOTTED.sub(_undot, t): r"(?<![a-z0-9])[a-z](?:\.[a-z])+\.?(?![a-z0-9])", the dots of each
 * match deleted.  At a letter not after a letter or digit, followed by K >= 1 groups ".x": re
 * tries K groups, with the trailing dot then without, then K-1 groups, and so on; the first
 * that the look-ahead accepts is the match (none: no match here, the scan moves one on). */
static Py_ssize_t
undot(const unsigned char *t, Py_ssize_t n, unsigned char *out)
{
    Py_ssize_t j = 0, i = 0;
    while (i < n) {
        unsigned char c = t[i];
        if (is_lower(c) && (i == 0 || !is_alnum(t[i - 1])) && i + 2 < n && t[i + 1] == '.' && is_lower(t[i + 2])) {
            Py_ssize_t groups = 1;
            while (i + 2 * groups + 2 < n && t[i + 2 * groups + 1] == '.' && is_lower(t[i + 2 * groups + 2]))
                groups++;
            Py_ssize_t end = -1;
            for (Py_ssize_t k = groups; k >= 1 && end < 0; k--) {
                Py_ssize_t e = i + 1 + 2 * k; /* just after the k-th group */
                if (e < n && t[e] == '.' && !(e + 1 < n && is_alnum(t[e + 1])))
                    end = e + 1;
                else if (!(e < n && is_alnum(t[e])))
                    end = e;
            }
            if (end >= 0) {
                for (; i < end; i++)
                    if (t[i] != '.')
                        out[j++] = t[i];
                continue;
            }
        }
        out[j++] = c;
        i++;
    }
    return j;
}

/* The length of the run of letters at t[i], counted up to ``most``. */
static inline Py_ssize_t
letters(const unsigned char *t, Py_ssize_t n, Py_ssize_t i, Py_ssize_t most)
{
    Py_ssize_t r = 0;
    while (r < most && i + r < n && is_lower(t[i + r]))
        r++;
    return r;
}

/* _SHORT_AMP.sub(_join_amp, t): r"(?<![a-z0-9])([a-z]{1,2})\s?&\s?([a-z]{1,2})(?![a-z0-9])" ->
 * "\1&\2".  No backtracking can succeed where the greedy try fails: a shorter first group is
 * followed by a letter (neither \s nor &), a skipped \s leaves a space where & or a letter is
 * needed, and a shorter second group is followed by a letter, which the look-ahead refuses. */
static Py_ssize_t
join_amp(const unsigned char *t, Py_ssize_t n, unsigned char *out)
{
    Py_ssize_t j = 0, i = 0;
    while (i < n) {
        unsigned char c = t[i];
        if (is_lower(c) && (i == 0 || !is_alnum(t[i - 1]))) {
            Py_ssize_t r = letters(t, n, i, 3);
            if (r <= 2) {
                Py_ssize_t p = i + r;
                if (p < n && is_space(t[p]))
                    p++;
                if (p < n && t[p] == '&') {
                    Py_ssize_t q = p + 1;
                    if (q < n && is_space(t[q]))
                        q++;
                    Py_ssize_t r2 = letters(t, n, q, 3);
                    if (r2 >= 1 && r2 <= 2 && !(q + r2 < n && is_alnum(t[q + r2]))) {
                        memcpy(out + j, t + i, (size_t)r);
                        j += r;
                        out[j++] = '&';
                        memcpy(out + j, t + q, (size_t)r2);
                        j += r2;
                        i = q + r2;
                        continue;
                    }
                }
            }
        }
        out[j++] = c;
        i++;
    }
    return j;
}

static PyObject *
ascii_str(const unsigned char *s, Py_ssize_t n)
{
    PyObject *str = PyUnicode_New(n, 127);
    if (str != NULL)
        memcpy(PyUnicode_1BYTE_DATA(str), s, (size_t)n);
    return str;
}

/* Appends t[start:end] to ``list`` as a str; -1 on an error. */
static int
append_word(PyObject *list, const unsigned char *t, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *word = ascii_str(t + start, end - start);
    if (word == NULL)
        return -1;
    int rc = PyList_Append(list, word);
    Py_DECREF(word);
    return rc;
}

/* _LONE_AMP.sub(" and ", t), r"(?<![a-z])&|&(?![a-z])" (read on t), then _words(t, _NON_WORD):
 * the runs of letters, digits and '&'; a lone '&' is the word "and" on its own. */
static PyObject *
words(const unsigned char *t, Py_ssize_t n)
{
    PyObject *list = PyList_New(0);
    if (list == NULL)
        return NULL;
    Py_ssize_t start = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = t[i];
        int lone = c == '&' && (i == 0 || !is_lower(t[i - 1]) || i + 1 >= n || !is_lower(t[i + 1]));
        if (!lone && (is_alnum(c) || c == '&')) {
            if (start < 0)
                start = i;
            continue;
        }
        if (start >= 0 && append_word(list, t, start, i) < 0)
            goto error;
        start = -1;
        if (lone && append_word(list, (const unsigned char *)"and", 0, 3) < 0)
            goto error;
    }
    if (start >= 0 && append_word(list, t, start, n) < 0)
        goto error;
    return list;
error:
    Py_DECREF(list);
    return NULL;
}

static const unsigned char *
ascii_data(PyObject *text, const char *function)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "%s: text must be str, not %.100s", function, Py_TYPE(text)->tp_name);
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(text)) {
        PyErr_Format(PyExc_ValueError, "%s: text must be ASCII", function);
        return NULL;
    }
    return PyUnicode_1BYTE_DATA(text);
}

PyDoc_STRVAR(tokenize_doc,
"tokenize(text, collapse_initials) -> list[str]\n\n"
"text.tokenize of ASCII text (ValueError for other text).");

static PyObject *
tokenize(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "tokenize takes 2 arguments (text, collapse_initials)");
        return NULL;
    }
    const unsigned char *s = ascii_data(args[0], "tokenize");
    if (s == NULL)
        return NULL;
    int collapse = PyObject_IsTrue(args[1]);
    if (collapse < 0)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(args[0]);
    Buffer b1, b2;
    unsigned char *a = buffer_get(&b1, n);
    if (a == NULL)
        return NULL;
    unsigned char *b = buffer_get(&b2, n);
    if (b == NULL) {
        buffer_free(&b1);
        return NULL;
    }
    n = prepare(s, n, a);
    if (collapse && memchr(a, '.', (size_t)n) != NULL) {
        n = undot(a, n, b);
        unsigned char *swap = a;
        a = b;
        b = swap;
    }
    if (memchr(a, '&', (size_t)n) != NULL) {
        n = join_amp(a, n, b);
        a = b;
    }
    PyObject *out = words(a, n);
    buffer_free(&b1);
    buffer_free(&b2);
    return out;
}

PyDoc_STRVAR(normalize_text_doc,
"normalize_text(text) -> str\n\n"
"text.normalize_text of ASCII text (ValueError for other text).");

static PyObject *
normalize_text(PyObject *module, PyObject *text)
{
    const unsigned char *s = ascii_data(text, "normalize_text");
    if (s == NULL)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Buffer b1;
    unsigned char *a = buffer_get(&b1, n);
    if (a == NULL)
        return NULL;
    n = prepare(s, n, a);
    /* " ".join(_words(t, _NON_ALNUM)): the runs of letters and digits, one space between. */
    Py_ssize_t j = 0;
    int gap = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (is_alnum(a[i])) {
            if (gap && j > 0)
                a[j++] = ' ';
            gap = 0;
            a[j++] = a[i];
        }
        else
            gap = 1;
    }
    PyObject *out = ascii_str(a, j);
    buffer_free(&b1);
    return out;
}

/* -- spelling.py: canonical_spelling -------------------------------------- */

/* t.replace(pattern, with): with one character, never longer; t and out may not overlap. */
static Py_ssize_t
replace(const unsigned char *t, Py_ssize_t n, const char *pattern, Py_ssize_t size, unsigned char with, unsigned char *out)
{
    Py_ssize_t j = 0, i = 0;
    while (i < n) {
        if (i + size <= n && memcmp(t + i, pattern, (size_t)size) == 0) {
            out[j++] = with;
            i += size;
        }
        else
            out[j++] = t[i++];
    }
    return j;
}

static int
contains(const unsigned char *t, Py_ssize_t n, const char *pattern)
{
    for (Py_ssize_t i = 0; i + 1 < n; i++)
        if (t[i] == (unsigned char)pattern[0] && t[i + 1] == (unsigned char)pattern[1])
            return 1;
    return 0;
}

static inline int
is_vowel(unsigned char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* _KS.sub("x", t): r"(?<=e)ks(?=.)|(?<!c)ks(?=[aeiouy])"; t has letters only (no newline for . to miss). */
static Py_ssize_t
ks_to_x(const unsigned char *t, Py_ssize_t n, unsigned char *out)
{
    Py_ssize_t j = 0, i = 0;
    while (i < n) {
        if (t[i] == 'k' && i + 1 < n && t[i + 1] == 's') {
            int after_e = i > 0 && t[i - 1] == 'e' && i + 2 < n;
            int vowel = !(i > 0 && t[i - 1] == 'c') && i + 2 < n && (is_vowel(t[i + 2]) || t[i + 2] == 'y');
            if (after_e || vowel) {
                out[j++] = 'x';
                i += 2;
                continue;
            }
        }
        out[j++] = t[i++];
    }
    return j;
}

/* _VOWEL_YE.sub(_drop_y, t): r"([aeiou])ye" -> "\1e". */
static Py_ssize_t
vowel_ye(const unsigned char *t, Py_ssize_t n, unsigned char *out)
{
    Py_ssize_t j = 0, i = 0;
    while (i < n) {
        if (is_vowel(t[i]) && i + 2 < n && t[i + 1] == 'y' && t[i + 2] == 'e') {
            out[j++] = t[i];
            out[j++] = 'e';
            i += 3;
        }
        else
            out[j++] = t[i++];
    }
    return j;
}

static inline int
ends_with(const unsigned char *t, Py_ssize_t n, const char *two)
{
    return n >= 2 && t[n - 2] == (unsigned char)two[0] && t[n - 1] == (unsigned char)two[1];
}

PyDoc_STRVAR(canonical_spelling_doc,
"canonical_spelling(token, full) -> str\n\n"
"spelling.canonical_spelling: the token itself where no rule applies.");

/* Runs step(a, n, b) and makes b the current text. */
#define STEP(call)                 \
    do {                           \
        n = (call);                \
        unsigned char *swap = a;   \
        a = b;                     \
        b = swap;                  \
    } while (0)

static PyObject *
canonical_spelling(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "canonical_spelling takes 2 arguments (token, full)");
        return NULL;
    }
    PyObject *token = args[0];
    if (!PyUnicode_Check(token)) {
        PyErr_Format(PyExc_TypeError, "canonical_spelling: token must be str, not %.100s", Py_TYPE(token)->tp_name);
        return NULL;
    }
    int full = PyObject_IsTrue(args[1]);
    if (full < 0)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(token);
    /* if len(t) < 3 or not t.isalpha() or not t.isascii(): return t */
    if (n < 3 || !PyUnicode_IS_ASCII(token))
        return Py_NewRef(token);
    const unsigned char *s = PyUnicode_1BYTE_DATA(token);
    for (Py_ssize_t i = 0; i < n; i++)
        if (!is_lower(s[i]) && !is_upper(s[i]))
            return Py_NewRef(token);
    Buffer b1, b2;
    unsigned char *a = buffer_get(&b1, n);
    if (a == NULL)
        return NULL;
    unsigned char *b = buffer_get(&b2, n);
    if (b == NULL) {
        buffer_free(&b1);
        return NULL;
    }
    memcpy(a, s, (size_t)n);
    Py_ssize_t size = n;
    if (n >= 3) {
        for (Py_ssize_t i = 0; i + 2 < n; i++)
            if (a[i] == 'd' && a[i + 1] == 'z' && a[i + 2] == 'h') {
                STEP(replace(a, n, "dzh", 3, 'j', b));
                break;
            }
    }
    if (contains(a, n, "ks"))
        STEP(ks_to_x(a, n, b));
    if (full) {
        if (n >= 2 && a[0] == 'i' && a[1] == 'u')
            a[0] = 'y';
        if (n > 3 && a[0] == 'y' && a[1] == 'e') {
            memmove(a, a + 1, (size_t)(n - 1));
            n--;
        }
        if (contains(a, n, "ye"))
            STEP(vowel_ye(a, n, b));
        if (memchr(a, 'o', (size_t)n) != NULL) {
            STEP(replace(a, n, "ou", 2, 'u', b));
            STEP(replace(a, n, "oo", 2, 'u', b));
        }
        if (contains(a, n, "ph"))
            STEP(replace(a, n, "ph", 2, 'f', b));
        if (n >= 2 && a[0] == 'd' && a[1] == 'j') {
            memmove(a, a + 1, (size_t)(n - 1));
            n--;
            a[0] = 'j';
        }
    }
    /* _ENDINGS = ("iy", "yy", "ii", "ij", "yj") -> "y"; full: a last "i" -> "y" past three letters. */
    if (ends_with(a, n, "iy") || ends_with(a, n, "yy") || ends_with(a, n, "ii") || ends_with(a, n, "ij")
        || ends_with(a, n, "yj")) {
        n--;
        a[n - 1] = 'y';
    }
    else if (full && n > 3 && a[n - 1] == 'i')
        a[n - 1] = 'y';
    PyObject *out = n == size && memcmp(a, s, (size_t)n) == 0 ? Py_NewRef(token) : ascii_str(a, n);
    buffer_free(&b1);
    buffer_free(&b2);
    return out;
}

/* -- detect_script ---------------------------------------------------------- */

/*
 * text.detect_script: the script most of the letters of ``text`` are in.  Each
 * character's script comes from text.py, as it does for the Python: looked up in
 * ``_LETTER_SCRIPT`` (``table``), else asked of ``_letter_script`` (``ask``, which
 * fills the table); "" is a character that is no letter.  The answers are kept here
 * too, by code point, so that a name's letters are looked up without making a
 * one-character string each.  The scripts are counted in the order they are first
 * met: the first of the most frequent wins, as max() over the Python's dict does.
 */

#define SCRIPT_CACHE 2048 /* a power of two: code point -> its script, the last one asked in each slot */

static Py_UCS4 script_cache_key[SCRIPT_CACHE];
static PyObject *script_cache_value[SCRIPT_CACHE]; /* owned; NULL: empty */

static PyObject *
letter_script(Py_UCS4 ch, PyObject *table, PyObject *ask)
{
    size_t slot = ch & (SCRIPT_CACHE - 1);
    if (script_cache_value[slot] != NULL && script_cache_key[slot] == ch)
        return script_cache_value[slot];
    PyObject *letter = PyUnicode_FromOrdinal((int)ch);
    if (letter == NULL)
        return NULL;
    PyObject *script = PyDict_GetItemWithError(table, letter); /* borrowed */
    if (script != NULL)
        Py_INCREF(script);
    else if (!PyErr_Occurred())
        script = PyObject_CallOneArg(ask, letter);
    Py_DECREF(letter);
    if (script == NULL)
        return NULL;
    if (!PyUnicode_Check(script)) {
        PyErr_Format(PyExc_TypeError, "a letter's script must be str, not %.100s", Py_TYPE(script)->tp_name);
        Py_DECREF(script);
        return NULL;
    }
    Py_XSETREF(script_cache_value[slot], script); /* the cache owns it */
    script_cache_key[slot] = ch;
    return script;
}

#define MAX_SCRIPTS 32

PyDoc_STRVAR(detect_script_doc,
"detect_script(text, table, ask) -> str | None\n\n"
"text.detect_script of ``text`` (``table``: text._LETTER_SCRIPT, ``ask``: text._letter_script);\n"
"None for text of more than 32 scripts, which the Python counts.");

static PyObject *
detect_script(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "detect_script takes 3 arguments (text, table, ask)");
        return NULL;
    }
    PyObject *text = args[0], *table = args[1], *ask = args[2];
    if (!PyUnicode_Check(text) || !PyDict_Check(table)) {
        PyErr_SetString(PyExc_TypeError, "detect_script: text must be str and table a dict");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (PyUnicode_IS_ASCII(text)) {
        /* "Latin" if any(c.isalpha() for c in text) else "Common" */
        const unsigned char *s = PyUnicode_1BYTE_DATA(text);
        for (Py_ssize_t k = 0; k < n; k++)
            if (is_lower(s[k]) || is_upper(s[k]))
                return PyUnicode_FromString("Latin");
        return PyUnicode_FromString("Common");
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *scripts[MAX_SCRIPTS]; /* borrowed from the cache, in the order first met */
    Py_ssize_t counts[MAX_SCRIPTS];
    int found = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *script = letter_script(PyUnicode_READ(kind, data, k), table, ask);
        if (script == NULL)
            return NULL;
        if (PyUnicode_GET_LENGTH(script) == 0)
            continue; /* not a letter */
        int at = 0;
        while (at < found && scripts[at] != script && PyUnicode_Compare(scripts[at], script) != 0)
            at++;
        if (at == found) {
            if (found == MAX_SCRIPTS)
                Py_RETURN_NONE;
            scripts[found] = script;
            counts[found++] = 0;
        }
        counts[at]++;
    }
    if (found == 0)
        return PyUnicode_FromString("Common");
    int japanese = 0, han = 0;
    for (int at = 0; at < found; at++) {
        if (PyUnicode_CompareWithASCIIString(scripts[at], "Japanese") == 0)
            japanese = 1;
        else if (PyUnicode_CompareWithASCIIString(scripts[at], "Han") == 0)
            han = 1;
    }
    if (japanese && han)
        return PyUnicode_FromString("Japanese");
    int best = 0;
    for (int at = 1; at < found; at++)
        if (counts[at] > counts[best])
            best = at;
    return Py_NewRef(scripts[best]);
}

/* -- person names ------------------------------------------------------------ */

/*
 * names._split_glued_py: glued given and family names ("SergeiLavrov", _CAMEL) and
 * capitals written together as initials ("JC Juncker", _GLUED_INITIALS) set apart,
 * in a name not written in one case nor with each word capitalised.  The Python is
 * the reference (tests/normalize/test_persons_native.py compares them).
 */

/* re's \w on a str: Py_UNICODE_ISALNUM or '_' (the ASCII of a name: [A-Za-z0-9_]). */
static inline int
is_word(Py_UCS4 c)
{
    if (c < 128)
        return is_alnum((unsigned char)c) || c == '_';
    return Py_UNICODE_ISALNUM(c);
}

/* Py_UNICODE_ISUPPER, _ISLOWER, _ISTITLE, read directly for ASCII (most of a name). */
static inline int
upper_char(Py_UCS4 c)
{
    return c < 128 ? (c >= 'A' && c <= 'Z') : Py_UNICODE_ISUPPER(c) != 0;
}

static inline int
lower_char(Py_UCS4 c)
{
    return c < 128 ? (c >= 'a' && c <= 'z') : Py_UNICODE_ISLOWER(c) != 0;
}

static inline int
title_char(Py_UCS4 c)
{
    return c < 128 ? 0 : Py_UNICODE_ISTITLE(c) != 0;
}

/* str.istitle(), str.isupper() and str.islower(), as unicodeobject.c has them. */
static int
text_is_title(const Py_UCS4 *t, Py_ssize_t n)
{
    if (n == 1)
        return title_char(t[0]) || upper_char(t[0]);
    int cased = 0, previous_is_cased = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_UCS4 c = t[k];
        if (upper_char(c) || title_char(c)) {
            if (previous_is_cased)
                return 0;
            previous_is_cased = cased = 1;
        }
        else if (lower_char(c)) {
            if (!previous_is_cased)
                return 0;
            previous_is_cased = cased = 1;
        }
        else
            previous_is_cased = 0;
    }
    return cased;
}

/* str.isupper() (``upper``) or str.islower(): a letter of that case, none of the other case or
   in title case. */
static int
text_is_one_case(const Py_UCS4 *t, Py_ssize_t n, int upper)
{
    if (n == 1)
        return upper ? upper_char(t[0]) : lower_char(t[0]);
    int cased = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_UCS4 c = t[k];
        if ((upper ? lower_char(c) : upper_char(c)) || title_char(c))
            return 0;
        if (upper ? upper_char(c) : lower_char(c))
            cased = 1;
    }
    return cased;
}

static inline int
is_ascii_upper(Py_UCS4 c)
{
    return c >= 'A' && c <= 'Z';
}

static inline int
is_ascii_lower(Py_UCS4 c)
{
    return c >= 'a' && c <= 'z';
}

/* [B-DF-HJ-NP-TV-XZ]: a capital that is not a vowel. */
static inline int
is_consonant_capital(Py_UCS4 c)
{
    return is_ascii_upper(c) && c != 'A' && c != 'E' && c != 'I' && c != 'O' && c != 'U' && c != 'Y';
}

typedef struct {
    Py_UCS4 *ch;
    Py_ssize_t len, size;
} Text;

static int
text_put(Text *t, Py_UCS4 c)
{
    if (t->len == t->size) {
        Py_ssize_t size = t->size ? 2 * t->size : 64;
        Py_UCS4 *ch = PyMem_Realloc(t->ch, (size_t)size * sizeof(Py_UCS4));
        if (ch == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        t->ch = ch;
        t->size = size;
    }
    t->ch[t->len++] = c;
    return 0;
}

/* _CAMEL.sub(_split_camel, text) of ASCII text: r"\b([A-Z][a-z]{2,})(?=[A-Z][a-z])" -> the word and a
 * space, unless the word is in ``keep`` ("Mac", "Van", ...).  The lower-case run is greedy, and a shorter
 * one cannot be followed by a capital: a match is a capital after a non-word, two lower-case letters or
 * more, then a capital and a lower-case letter.  Each search goes on from the end of the last match. */
static int
split_camel(const Py_UCS4 *t, Py_ssize_t n, PyObject *keep, Text *out)
{
    Py_ssize_t pos = 0;
    while (pos < n) {
        if (is_ascii_upper(t[pos]) && (pos == 0 || !is_word(t[pos - 1]))) {
            Py_ssize_t end = pos + 1;
            while (end < n && is_ascii_lower(t[end]))
                end++;
            if (end - pos - 1 >= 2 && end + 1 < n && is_ascii_upper(t[end]) && is_ascii_lower(t[end + 1])) {
                PyObject *word = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, t + pos, end - pos);
                if (word == NULL)
                    return -1;
                int kept = PySet_Contains(keep, word);
                Py_DECREF(word);
                if (kept < 0)
                    return -1;
                for (Py_ssize_t k = pos; k < end; k++)
                    if (text_put(out, t[k]) < 0)
                        return -1;
                if (!kept && text_put(out, ' ') < 0)
                    return -1;
                pos = end;
                continue;
            }
        }
        if (text_put(out, t[pos]) < 0)
            return -1;
        pos++;
    }
    return 0;
}

/* _GLUED_INITIALS.sub(_split_initials, text): r"\b[B-DF-HJ-NP-TV-XZ]{2,3}\b" -> its letters apart when
 * ``are_initials(word)``.  The run is greedy ({2,3}); a shorter one is followed by a capital, a word
 * character, so only the longest (two or three letters) can end at a word boundary. */
static int
split_initials(const Py_UCS4 *t, Py_ssize_t n, PyObject *are_initials, Text *out)
{
    Py_ssize_t pos = 0;
    while (pos < n) {
        if (is_consonant_capital(t[pos]) && (pos == 0 || !is_word(t[pos - 1]))) {
            Py_ssize_t end = pos + 1;
            while (end < n && end - pos < 3 && is_consonant_capital(t[end]))
                end++;
            if (end - pos >= 2 && (end == n || !is_word(t[end]))) {
                PyObject *word = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, t + pos, end - pos);
                if (word == NULL)
                    return -1;
                PyObject *answer = PyObject_CallOneArg(are_initials, word);
                Py_DECREF(word);
                int initials = answer == NULL ? -1 : PyObject_IsTrue(answer);
                Py_XDECREF(answer);
                if (initials < 0)
                    return -1;
                for (Py_ssize_t k = pos; k < end; k++) {
                    if (initials && k > pos && text_put(out, ' ') < 0)
                        return -1;
                    if (text_put(out, t[k]) < 0)
                        return -1;
                }
                pos = end;
                continue;
            }
        }
        if (text_put(out, t[pos]) < 0)
            return -1;
        pos++;
    }
    return 0;
}

PyDoc_STRVAR(split_glued_doc,
"split_glued(text, camel_keep, are_initials) -> str\n\n"
"names._split_glued_py: glued names (ASCII text) and initials written together set apart.");

static PyObject *
split_glued(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "split_glued takes 3 arguments (text, camel_keep, are_initials)");
        return NULL;
    }
    PyObject *text = args[0], *keep = args[1], *are_initials = args[2];
    if (!PyUnicode_Check(text) || !PyAnySet_Check(keep)) {
        PyErr_SetString(PyExc_TypeError, "split_glued: text must be str and camel_keep a set");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n == 0)
        return Py_NewRef(text);
    Py_UCS4 *t = PyUnicode_AsUCS4Copy(text);
    if (t == NULL)
        return NULL;
    PyObject *result = NULL;
    Text camel = {NULL, 0, 0}, initials = {NULL, 0, 0};
    /* (A name in one case, or with each word capitalised, has no glued names or initials.) */
    if (text_is_title(t, n) || text_is_one_case(t, n, 1) || text_is_one_case(t, n, 0)) {
        result = Py_NewRef(text);
        goto done;
    }
    const Py_UCS4 *now = t;
    Py_ssize_t size = n;
    if (PyUnicode_IS_ASCII(text)) {
        if (split_camel(t, n, keep, &camel) < 0)
            goto done;
        now = camel.ch;
        size = camel.len;
    }
    if (split_initials(now, size, are_initials, &initials) < 0)
        goto done;
    if (initials.len == n && memcmp(initials.ch, t, (size_t)n * sizeof(Py_UCS4)) == 0)
        result = Py_NewRef(text);
    else
        result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, initials.ch, initials.len);
done:
    PyMem_Free(t);
    PyMem_Free(camel.ch);
    PyMem_Free(initials.ch);
    return result;
}

/* -- marks inside words -------------------------------------------------------- */

static inline int
is_word_joiner(Py_UCS4 c)
{
    return c == '-' || c == '.' || c == '\'' || c == '/' || c == '&';
}

PyDoc_STRVAR(drop_word_joiners_doc,
"drop_word_joiners(text) -> str\n\n"
"text.WORD_JOINERS.sub(\"\", text): each - . ' / & between two word characters (re's \\w) dropped;\n"
"``text`` itself where there is none.");

static PyObject *
drop_word_joiners(PyObject *Py_UNUSED(module), PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "drop_word_joiners: text must be str, not %.100s", Py_TYPE(text)->tp_name);
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    /* (?<=\w)[-.'/&](?=\w): the look-arounds read the text as written, so each mark is judged alone. */
    Py_ssize_t first = -1;
    for (Py_ssize_t k = 1; k + 1 < n; k++)
        if (is_word_joiner(PyUnicode_READ(kind, data, k)) && is_word(PyUnicode_READ(kind, data, k - 1))
            && is_word(PyUnicode_READ(kind, data, k + 1))) {
            first = k;
            break;
        }
    if (first < 0)
        return Py_NewRef(text);
    Py_UCS4 *out = PyMem_Malloc((size_t)n * sizeof(Py_UCS4));
    if (out == NULL)
        return PyErr_NoMemory();
    Py_ssize_t size = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (k >= first && k + 1 < n && k > 0 && is_word_joiner(c) && is_word(PyUnicode_READ(kind, data, k - 1))
            && is_word(PyUnicode_READ(kind, data, k + 1)))
            continue;
        out[size++] = c;
    }
    PyObject *result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, size);
    PyMem_Free(out);
    return result;
}

static PyMethodDef methods[] = {
    {"tokenize", (PyCFunction)(void (*)(void))tokenize, METH_FASTCALL, tokenize_doc},
    {"normalize_text", normalize_text, METH_O, normalize_text_doc},
    {"canonical_spelling", (PyCFunction)(void (*)(void))canonical_spelling, METH_FASTCALL, canonical_spelling_doc},
    {"detect_script", (PyCFunction)(void (*)(void))detect_script, METH_FASTCALL, detect_script_doc},
    {"split_glued", (PyCFunction)(void (*)(void))split_glued, METH_FASTCALL, split_glued_doc},
    {"drop_word_joiners", drop_word_joiners, METH_O, drop_word_joiners_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "partyscreen.normalize._text",
    "The native twin of text.py's tokenizer and detect_script and spelling.py's canonical_spelling (the Python there is the reference).",
    -1,
    methods,
};

PyMODINIT_FUNC
PyInit__text(void)
{
    return PyModule_Create(&module);
}
