/* test-state.c: a process that drops its connection with work in flight
 * waits for the workers before it exits
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway.h"
#include "slipway-console-private.h"
#include "slipway-connection-private.h"
#include "slipway-test-utils.h"

#define TEST_URI "test:///default"

/* What was already gone when slipway_wait_idle_async() completed. */
typedef struct
{
  gpointer  connection;     /* weak */
  gpointer  provisioner;    /* weak */
  gboolean  synced;
  gboolean  idle;
  gboolean  connection_gone;
  gboolean  provisioner_gone;
  gboolean  synced_first;
} Exit;

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Exit *state = user_data;

  /* Cancelled or not: the connection was dropped. */
  slipway_connection_sync_finish (SLIPWAY_CONNECTION (object), result, NULL);
  state->synced = TRUE;
}

static void
idle_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Exit *state = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (slipway_wait_idle_finish (result, &error));
  g_assert_no_error (error);
  state->idle = TRUE;
  state->connection_gone = g_atomic_pointer_get (&state->connection) == NULL;
  state->provisioner_gone = g_atomic_pointer_get (&state->provisioner) == NULL;
  state->synced_first = state->synced;
}

static gboolean
idle_done (gpointer data)
{
  return ((Exit *)data)->idle;
}

static gboolean
connected (gpointer data)
{
  return slipway_connection_get_connected (data);
}

/* Drops @connection (the caller's only reference) after a sync started,
 * then waits until no worker runs: by then every libvirt handle of the
 * connection was let go, and nothing of it is left for exit() to race. */
static void
drop_and_wait (SlipwayConnection *connection)
{
  Exit state = { 0 };

  state.connection = connection;
  state.provisioner = _slipway_connection_get_provisioner (connection);
  g_object_add_weak_pointer (G_OBJECT (connection), &state.connection);
  g_object_add_weak_pointer (state.provisioner, &state.provisioner);

  slipway_connection_sync_async (connection, NULL, sync_cb, &state);
  g_object_unref (connection);
  slipway_wait_idle_async (idle_cb, &state);
  slipway_test_spin_until (idle_done, &state, "no worker left");

  g_assert_true (state.synced_first);
  g_assert_true (state.connection_gone);
  g_assert_true (state.provisioner_gone);
}

static void
test_exit_nothing_in_flight (void)
{
  Exit state = { 0 };

  slipway_wait_idle_async (idle_cb, &state);
  g_assert_false (state.idle);
  slipway_test_spin_until (idle_done, &state, "no worker left");
}

/* The watcher is still connecting in a worker thread. */
static void
test_exit_while_connecting (void)
{
  for (guint i = 0; i < 20; i++)
    drop_and_wait (slipway_connection_new (TEST_URI));
}

/* The watcher holds its registration: dropping it deregisters in a
 * worker thread. */
static void
test_exit_while_connected (void)
{
  for (guint i = 0; i < 5; i++)
    {
      SlipwayConnection *connection = slipway_connection_new (TEST_URI);

      slipway_test_spin_until (connected, connection, "connected");
      drop_and_wait (connection);
    }
}

static void
ignore_open_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  /* test:///default has no such cluster: failing is fine. */
  slipway_console_open_finish (SLIPWAY_CONSOLE (object), result, NULL);
}

/* A console dropped while its open worker runs in libvirt: the worker
 * holds the provisioner, whose libvirt handles go when it is done. */
static void
test_exit_console_opening (void)
{
  for (guint i = 0; i < 10; i++)
    {
      Exit state = { 0 };
      SlipwayProvisioner *provisioner = slipway_provisioner_new (TEST_URI);
      SlipwayConsole *console = _slipway_console_new (provisioner, "lab", "worker0");

      state.provisioner = provisioner;
      g_object_add_weak_pointer (G_OBJECT (provisioner), &state.provisioner);

      slipway_console_open_async (console, SLIPWAY_CONSOLE_FLAGS_NONE, NULL,
                                  ignore_open_cb, NULL);
      g_object_unref (console);
      g_object_unref (provisioner);
      slipway_wait_idle_async (idle_cb, &state);
      slipway_test_spin_until (idle_done, &state, "no worker left");

      g_assert_true (state.provisioner_gone);
    }
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GPtrArray) images = slipway_catalog_load_finish (result, NULL);

  *(gboolean *)user_data = TRUE;
}

/* The catalog's worker reads the osinfo database with libxml2. */
static void
test_exit_catalog_loading (void)
{
  Exit state = { 0 };
  gboolean loaded = FALSE;

  slipway_catalog_load_async (NULL, NULL, loaded_cb, &loaded);
  slipway_wait_idle_async (idle_cb, &state);
  slipway_test_spin_until (idle_done, &state, "no worker left");

  /* Its result was delivered before its data (and count) went. */
  g_assert_true (loaded);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/slipway/exit/nothing-in-flight", test_exit_nothing_in_flight);
  g_test_add_func ("/slipway/exit/while-connecting", test_exit_while_connecting);
  g_test_add_func ("/slipway/exit/while-connected", test_exit_while_connected);
  g_test_add_func ("/slipway/exit/console-opening", test_exit_console_opening);
  g_test_add_func ("/slipway/exit/catalog-loading", test_exit_catalog_loading);

  return g_test_run ();
}
