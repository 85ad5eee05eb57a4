/* test-keys-ed25519.c: host keys made in process are keys OpenSSH takes:
 * it reads them, and a signature by the private half checks out against
 * the public half
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "slipway-keys-private.h"
#include "slipway-test-utils.h"

static char *
run_ok (const char * const *argv,
        const char         *input)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return g_steal_pointer (&out);
}

static void
test_openssh_takes_it (void)
{
  g_autofree char *keygen = slipway_test_require_program ("ssh-keygen", "openssh-client");
  g_autofree char *dir = g_dir_make_tmp ("slipway-ed25519-XXXXXX", NULL);
  g_autofree char *key = g_build_filename (dir, "key", NULL);
  g_autofree char *message = g_build_filename (dir, "message", NULL);
  g_autofree char *signature = g_strconcat (message, ".sig", NULL);
  g_autofree char *allowed = g_build_filename (dir, "allowed", NULL);
  g_autofree char *private_key = NULL;
  g_autofree char *public_line = NULL;
  g_autofree char *other_private = NULL;
  g_autofree char *other_public = NULL;
  g_autofree char *derived = NULL;
  g_autofree char *allowed_line = NULL;
  g_autofree char *verified = NULL;
  g_auto(GStrv) fields = NULL;
  g_autoptr(GError) error = NULL;

  if (keygen == NULL)
    return;

  g_assert_true (_slipway_keys_ed25519_generate ("slipway-lab-worker0", &private_key, &public_line, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (private_key, "-----BEGIN OPENSSH PRIVATE KEY-----\n"));
  g_assert_true (g_str_has_suffix (private_key, "-----END OPENSSH PRIVATE KEY-----\n"));
  fields = g_strsplit (g_strchomp (public_line), " ", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 3);
  g_assert_cmpstr (fields[0], ==, "ssh-ed25519");
  g_assert_cmpstr (fields[2], ==, "slipway-lab-worker0");

  /* Two keys are two keys. */
  g_assert_true (_slipway_keys_ed25519_generate ("x", &other_private, &other_public, &error));
  g_assert_cmpstr (other_private, !=, private_key);

  g_assert_true (g_file_set_contents_full (key, private_key, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_true (g_file_set_contents (message, "a node's identity\n", -1, &error));

  /* OpenSSH parses it, with the same public half and comment. */
  derived = run_ok ((const char *[]) { keygen, "-y", "-f", key, NULL }, NULL);
  g_assert_cmpstr (g_strchomp (derived), ==, public_line);

  /* The halves belong together: what the private half signs, the public
   * half verifies. */
  g_free (run_ok ((const char *[]) { keygen, "-Y", "sign", "-f", key, "-n", "file", message, NULL }, NULL));
  allowed_line = g_strdup_printf ("node@slipway %s %s\n", fields[0], fields[1]);
  g_assert_true (g_file_set_contents (allowed, allowed_line, -1, &error));
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (message, &contents, NULL, &error));
    verified = run_ok ((const char *[]) { keygen, "-Y", "verify", "-f", allowed, "-I", "node@slipway",
                                          "-n", "file", "-s", signature, NULL }, contents);
  }

  g_unlink (signature);
  g_unlink (allowed);
  g_unlink (message);
  g_unlink (key);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/slipway/keys/ed25519/openssh-takes-it", test_openssh_takes_it);

  return g_test_run ();
}
