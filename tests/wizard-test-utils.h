/* wizard-test-utils.h: what the wizard's tests share
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libvirt/libvirt.h>

#include "slipway-wizard-private.h"
#include "ui-test-utils.h"

#define TEST_URI "test:///default"

static inline gboolean
wizard_is_idle (gpointer data)
{
  return !slipway_wizard_get_busy (data);
}

static inline void
wait_idle (SlipwayWizard *wizard)
{
  spin_until (wizard_is_idle, wizard, "the wizard's checks");
}

static inline SlipwayWizard *
open_wizard (void)
{
  SlipwayWizard *wizard = slipway_wizard_new (NULL, TEST_URI);

  gtk_window_present (GTK_WINDOW (wizard));
  wait_idle (wizard);

  return wizard;
}

static inline void
close_wizard (SlipwayWizard *wizard)
{
  g_object_ref (wizard);
  gtk_window_destroy (GTK_WINDOW (wizard));
  spin_for (50);
  g_assert_finalize_object (wizard);
}

static inline void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* gtk_test_init() calls g_test_init() without G_TEST_OPTION_ISOLATE_DIRS:
 * keys, catalogs and downloads go to a home of our own. */
static inline char *
isolate_home (void)
{
  g_autoptr(GError) error = NULL;
  char *home = g_dir_make_tmp ("slipway-test-wizard-XXXXXX", &error);
  static const struct { const char *variable, *folder; } dirs[] = {
    { "HOME", NULL },
    { "XDG_CACHE_HOME", ".cache" },
    { "XDG_CONFIG_HOME", ".config" },
    { "XDG_DATA_HOME", ".local/share" },
    { "XDG_STATE_HOME", ".local/state" },
  };
  g_autofree char *ssh = NULL;
  g_autofree char *pub = NULL;

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (home, dirs[i].folder, NULL);

      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
      g_setenv (dirs[i].variable, path, TRUE);
    }

  /* One key of "the user's own" to choose on the Access page. */
  ssh = g_build_filename (home, ".ssh", NULL);
  g_assert_cmpint (g_mkdir_with_parents (ssh, 0700), ==, 0);
  pub = g_build_filename (ssh, "id_ed25519.pub", NULL);
  g_assert_true (g_file_set_contents (pub, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILmHqThA/SRjFhv+jxCljb0ZfpJKMBjZrixHtB+WRf6H alice@laptop\n", -1, NULL));

  return home;
}

/* A disk image in @home for the wizard to take: a raw disk with an empty
 * MBR (the test driver boots nothing). */
static inline char *
write_blank_image (const char *home)
{
  char *path = g_build_filename (home, "debian-12-genericcloud-amd64.qcow2", NULL);
  g_autofree char *contents = g_malloc0 (1024);

  contents[510] = 0x55;
  contents[511] = (char)0xaa;
  g_assert_true (g_file_set_contents (path, contents, 1024, NULL));

  return path;
}

/* GTK, libadwaita and the app's style for a wizard test; returns a
 * connection to close after g_test_run(): test:///default keeps its state
 * only while a connection to it is open. */
static inline virConnectPtr
wizard_test_init (int    *argc,
                  char ***argv)
{
  virConnectPtr keep_alive;

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  load_app_style ();

  keep_alive = virConnectOpen (TEST_URI);
  g_assert_nonnull (keep_alive);

  return keep_alive;
}
