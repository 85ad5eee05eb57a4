/* test-slowdown.h: how much longer the tests' hang guards wait here
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

/* The tests' waits are on states; their time limits only turn a hang into a
 * failure. Under the sanitizers everything runs several times slower (the
 * osinfo database alone takes a minute to read under ASan), so
 * build-aux/run-tests.sh sets SLIPWAY_TEST_SLOWDOWN there: every limit is
 * multiplied by it (an integer from 1 to 20; 1 when unset). */
static inline int
slipway_test_slowdown (void)
{
  const char *value = g_getenv ("SLIPWAY_TEST_SLOWDOWN");
  gint64 factor = value != NULL ? g_ascii_strtoll (value, NULL, 10) : 1;

  return (int)CLAMP (factor, 1, 20);
}
