/*
 * xmltext.c - untrusted text into XML (see xmltext.h).
 *
 * The text is valid UTF-8 (the store checks it), so the scan looks at
 * single bytes for C0 controls and at the three-byte forms EF BF BE/BF for
 * U+FFFE/U+FFFF; text without any (nearly all) is written as it is.
 */
#include "xmltext.h"

#include <stdlib.h>
#include <string.h>

#define X(s) ((const xmlChar *)(s))

/* Bytes of the character at p that XML cannot carry, or 0. */
static size_t bad_char(const unsigned char *p)
{
    if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
        return 1;
    if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
        return 3;
    return 0;
}

bool xml_text_needs_cleaning(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (bad_char(p))
            return true;
    return false;
}

char *xml_text_clean(const char *s)
{
    static const char fffd[] = "\xef\xbf\xbd";
    size_t n = strlen(s);
    char *out = malloc(3 * n + 1), *o = out;

    if (!out)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t bad = bad_char(p);
        if (bad) {
            memcpy(o, fffd, 3);
            o += 3;
            p += bad;
        } else {
            *o++ = (char)*p++;
        }
    }
    *o = '\0';
    return out;
}

int xml_write_text(xmlTextWriterPtr w, const char *text)
{
    char *clean;
    int rc;

    if (!xml_text_needs_cleaning(text))
        return xmlTextWriterWriteString(w, X(text));
    if (!(clean = xml_text_clean(text)))
        return -1;
    rc = xmlTextWriterWriteString(w, X(clean));
    free(clean);
    return rc;
}

int xml_write_attr(xmlTextWriterPtr w, const char *name, const char *text)
{
    char *clean;
    int rc;

    if (!xml_text_needs_cleaning(text))
        return xmlTextWriterWriteAttribute(w, X(name), X(text));
    if (!(clean = xml_text_clean(text)))
        return -1;
    rc = xmlTextWriterWriteAttribute(w, X(name), X(clean));
    free(clean);
    return rc;
}
