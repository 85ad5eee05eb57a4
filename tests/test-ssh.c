/* test-ssh.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway.h"

/* Every ssh command line Slipway runs, exactly: an argv, never a shell
 * line, the cluster's config, and the node after "--". */

static void
assert_argv (GStrv               argv,
             const char * const *expected)
{
  g_autofree char *got = g_strjoinv ("|", argv);
  g_autofree char *wanted = g_strjoinv ("|", (char **)expected);

  g_assert_cmpstr (got, ==, wanted);
  g_assert_cmpuint (g_strv_length (argv), ==, g_strv_length ((char **)expected));
}

static void
test_session (void)
{
  g_auto(GStrv) argv = slipway_ssh_argv ("/tmp/a b/ssh_config", "worker0", NULL);
  const char * const expected[] = { "ssh", "-F", "/tmp/a b/ssh_config", "--", "worker0", NULL };

  assert_argv (argv, expected);
}

static void
test_command (void)
{
  const char * const command[] = { "ls", "-l", "/tmp/a b", NULL };
  const char * const empty[] = { NULL };
  g_auto(GStrv) argv = slipway_ssh_argv ("/c/ssh_config", "control0", command);
  g_auto(GStrv) login = slipway_ssh_argv ("/c/ssh_config", "control0", empty);
  const char * const expected[] = {
    "ssh", "-F", "/c/ssh_config", "--", "control0", "ls", "-l", "/tmp/a b", NULL
  };
  const char * const expected_login[] = { "ssh", "-F", "/c/ssh_config", "--", "control0", NULL };

  assert_argv (argv, expected);
  assert_argv (login, expected_login);
}

static void
test_probe (void)
{
  g_auto(GStrv) argv = slipway_ssh_probe_argv ("/tmp/a b/ssh_config", "worker0");
  const char * const expected[] = {
    "ssh", "-F", "/tmp/a b/ssh_config",
    "-o", "BatchMode=yes",
    "-o", "ConnectTimeout=5",
    "-o", "ConnectionAttempts=1",
    "-T",
    "--", "worker0",
    "if test -f /var/lib/cloud/instance/boot-finished && test -f /run/cloud-init/result.json; "
    "then echo slipway-ready; cat /run/cloud-init/result.json; else echo booting; fi",
    NULL
  };

  assert_argv (argv, expected);
  g_assert_cmpstr (SLIPWAY_SSH_READY_MARKER, ==, "slipway-ready");
}

static void
test_trust_options (void)
{
  g_auto(GStrv) options = slipway_ssh_trust_options ("/k/known_hosts");
  const char * const expected[] = {
    "-o", "IdentitiesOnly=yes",
    "-o", "StrictHostKeyChecking=yes",
    "-o", "UserKnownHostsFile=/k/known_hosts",
    "-o", "GlobalKnownHostsFile=/dev/null",
    "-o", "HostKeyAlgorithms=ssh-ed25519",
    NULL
  };

  assert_argv (options, expected);
}

static void
test_null_config (void)
{
  if (g_test_subprocess ())
    {
      GStrv argv = slipway_ssh_argv (NULL, "worker0", NULL);

      g_assert_null (argv);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*ssh_config != NULL*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/slipway/ssh/session", test_session);
  g_test_add_func ("/slipway/ssh/command", test_command);
  g_test_add_func ("/slipway/ssh/probe", test_probe);
  g_test_add_func ("/slipway/ssh/trust-options", test_trust_options);
  g_test_add_func ("/slipway/ssh/null-config", test_null_config);

  return g_test_run ();
}
