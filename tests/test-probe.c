/* test-probe.c: what an SSH probe of a node makes of what ssh said, and
 * the readiness names
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway.h"
#include "slipway-probe-private.h"

static void
test_strings (void)
{
  for (int r = SLIPWAY_READINESS_MISSING; r <= SLIPWAY_READINESS_HOST_KEY_MISMATCH; r++)
    {
      g_assert_nonnull (slipway_readiness_to_string (r));
      g_assert_nonnull (slipway_readiness_get_title (r));
    }

  g_assert_cmpstr (slipway_readiness_to_string (SLIPWAY_READINESS_SSH_PORT), ==, "ssh-port");
  g_assert_cmpstr (slipway_readiness_to_string (SLIPWAY_READINESS_READY), ==, "ready");
  g_assert_cmpstr (slipway_readiness_to_string (SLIPWAY_READINESS_HOST_KEY_MISMATCH), ==,
                   "host-key-mismatch");
}

static void
test_classify_ssh (void)
{
  static const char changed[] =
    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
    "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
    "Host key verification failed.\n";

  g_assert_cmpint (_slipway_probe_classify_ssh (TRUE, 0, "slipway-ready\n", ""), ==,
                   SLIPWAY_READINESS_READY);
  g_assert_cmpint (_slipway_probe_classify_ssh (TRUE, 0, "booting\n", ""), ==,
                   SLIPWAY_READINESS_SSH_AUTHENTICATED);
  g_assert_cmpint (_slipway_probe_classify_ssh (TRUE, 255, "", changed), ==,
                   SLIPWAY_READINESS_HOST_KEY_MISMATCH);
  g_assert_cmpint (_slipway_probe_classify_ssh (TRUE, 255, "",
                                                "No ED25519 host key is known for worker0 and you have requested strict checking.\n"
                                                "Host key verification failed.\n"), ==,
                   SLIPWAY_READINESS_HOST_KEY_MISMATCH);
  g_assert_cmpint (_slipway_probe_classify_ssh (TRUE, 255, "",
                                                "Unable to negotiate with 10.0.0.1 port 22: no matching host key type found. Their offer: ssh-rsa\n"), ==,
                   SLIPWAY_READINESS_HOST_KEY_MISMATCH);
  g_assert_cmpint (_slipway_probe_classify_ssh (TRUE, 255, "",
                                                "debian@10.0.0.1: Permission denied (publickey).\n"), ==,
                   SLIPWAY_READINESS_SSH_PORT);
  g_assert_cmpint (_slipway_probe_classify_ssh (TRUE, 255, NULL,
                                                "kex_exchange_identification: read: Connection reset by peer\n"), ==,
                   SLIPWAY_READINESS_SSH_PORT);
  g_assert_cmpint (_slipway_probe_classify_ssh (FALSE, -1, NULL, NULL), ==,
                   SLIPWAY_READINESS_SSH_PORT);
}

/* A node restored to the baseline: a refused empty login comes after the
 * pinned host key held, and is all it takes. */
static void
test_classify_host_key (void)
{
  g_assert_cmpint (_slipway_probe_classify_host_key (TRUE, 255,
                                                     "debian@10.0.0.1: Permission denied (publickey).\n"), ==,
                   SLIPWAY_READINESS_READY);
  g_assert_cmpint (_slipway_probe_classify_host_key (TRUE, 255,
                                                     "No ED25519 host key is known for worker0 and you have requested strict checking.\n"
                                                     "Host key verification failed.\n"), ==,
                   SLIPWAY_READINESS_HOST_KEY_MISMATCH);
  g_assert_cmpint (_slipway_probe_classify_host_key (TRUE, 255,
                                                     "kex_exchange_identification: read: Connection reset by peer\n"), ==,
                   SLIPWAY_READINESS_SSH_PORT);
  g_assert_cmpint (_slipway_probe_classify_host_key (TRUE, 255,
                                                     "ssh: connect to host 10.0.0.1 port 22: Connection timed out\n"), ==,
                   SLIPWAY_READINESS_SSH_PORT);
  /* Killed at its time limit, or a server that let nobody in oddly. */
  g_assert_cmpint (_slipway_probe_classify_host_key (FALSE, -1, NULL), ==, SLIPWAY_READINESS_SSH_PORT);
  g_assert_cmpint (_slipway_probe_classify_host_key (TRUE, 0, ""), ==, SLIPWAY_READINESS_SSH_PORT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/slipway/probe/strings", test_strings);
  g_test_add_func ("/slipway/probe/classify-ssh", test_classify_ssh);
  g_test_add_func ("/slipway/probe/classify-host-key", test_classify_host_key);

  return g_test_run ();
}
