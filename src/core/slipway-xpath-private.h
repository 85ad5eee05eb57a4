/* slipway-xpath-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Evaluates @expr on the XML document @xml and returns the string value of
 * every node it selects, in document order; an empty array when nothing
 * matches, %NULL when @xml is not well-formed. The prefix "slipway" is bound
 * to SLIPWAY_XML_NS. */
GStrv  _slipway_xpath_strings (const char *xml,
                               const char *expr);
/* The first match of @expr, or %NULL. */
char  *_slipway_xpath_string  (const char *xml,
                               const char *expr);

G_END_DECLS
