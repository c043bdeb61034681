/*
 * xmltext.h - writing untrusted text into XML with libxml2's xmlTextWriter.
 *
 * xmlTextWriter escapes markup (<, &, quotes) but passes through characters
 * that XML 1.0 cannot hold at all, even as references: C0 controls other
 * than tab, line feed and carriage return, and U+FFFE/U+FFFF.  One such
 * character in an entity name (an ESC from a pasted terminal line) made the
 * whole GraphML or GEXF file unreadable.  These wrappers write the text with
 * each of them replaced by U+FFFD, the replacement character.
 */
#ifndef RG_XMLTEXT_H
#define RG_XMLTEXT_H

#include <libxml/xmlwriter.h>
#include <stdbool.h>

/* True when the UTF-8 text s holds a character XML 1.0 cannot carry. */
bool xml_text_needs_cleaning(const char *s);

/* A copy of s (caller frees) with every such character replaced by
 * U+FFFD; NULL when out of memory. */
char *xml_text_clean(const char *s);

/* xmlTextWriterWriteString / xmlTextWriterWriteAttribute for untrusted
 * text: the same return values. */
int xml_write_text(xmlTextWriterPtr w, const char *text);
int xml_write_attr(xmlTextWriterPtr w, const char *name, const char *text);

#endif
