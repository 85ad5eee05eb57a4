/* test-utils.h: the one header-only helper of the UI tests.
 *
 * New tests use the library, slipway-test-utils.h, which has this as
 * slipway_test_unref_and_wait(); drop this header once test-window,
 * test-broadcast, test-wizard, test-e2e-gui and test-monitor moved over.
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

/* Drops the caller's reference to @object and waits, bounded, until it is
 * finalized: a finished GTask may still hold its source object in a worker
 * thread for a moment after its callback ran, so asserting at once (as
 * g_assert_finalize_object() does) races with that thread. */
static inline void
slipway_test_unref_and_wait_finalized (gpointer object)
{
  gpointer weak = object;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  while (g_atomic_pointer_get (&weak) != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (g_atomic_pointer_get (&weak));
}
