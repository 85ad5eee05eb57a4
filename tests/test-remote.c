/* test-remote.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway.h"
#include "slipway-test-utils.h"

/* A remote libvirt host: what its URI says about SSH, where its clusters'
 * files go, the ssh_config that reaches its nodes through it, and what a
 * failed connection says. */

#define LIBSSH_URI "qemu+libssh://root@127.0.0.1:2222/system?keyfile=/k/id%20key&known_hosts=/k/known&sshauth=privkey"

static void
test_is_remote (void)
{
  g_assert_false (slipway_uri_is_remote (NULL));
  g_assert_false (slipway_uri_is_remote ("qemu:///system"));
  g_assert_false (slipway_uri_is_remote ("qemu:///session"));
  g_assert_false (slipway_uri_is_remote ("test:///default"));
  g_assert_false (slipway_uri_is_remote ("qemu+ssh://localhost/system"));
  g_assert_true (slipway_uri_is_remote ("qemu+ssh://lab.example/system"));
  g_assert_true (slipway_uri_is_remote (LIBSSH_URI));
  g_assert_true (slipway_uri_is_remote ("qemu+tcp://10.0.0.2/system"));
}

/* QEMU on this machine without a network transport: the rule behind
 * io_uring and the console log. */
static void
test_local_qemu_path (void)
{
  const char *local[][2] = {
    { "qemu:///system", "/system" },
    { "qemu:///session", "/session" },
    { "qemu+unix:///system", "/system" },
  };
  const char *elsewhere[] = {
    "test:///default", "qemux:///system", "qemu+ssh://localhost/session",
    "qemu+ssh://lab.example/system", LIBSSH_URI,
    "not a uri", NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (local); i++)
    {
      g_autofree char *path = slipway_uri_local_qemu_path (local[i][0]);

      g_assert_cmpstr (path, ==, local[i][1]);
    }
  for (guint i = 0; elsewhere[i] != NULL; i++)
    {
      g_autofree char *path = slipway_uri_local_qemu_path (elsewhere[i]);

      g_test_message ("%s: %s", elsewhere[i], path);
      g_assert_null (path);
    }
  g_assert_null (slipway_uri_local_qemu_path (NULL));
}

static void
test_jump_libssh (void)
{
  g_autoptr(SlipwayJump) jump = slipway_jump_new_from_uri (LIBSSH_URI);

  g_assert_nonnull (jump);
  g_assert_cmpstr (jump->host, ==, "127.0.0.1");
  g_assert_cmpstr (jump->user, ==, "root");
  g_assert_cmpuint (jump->port, ==, 2222);
  /* Decoded, as libvirt decodes it. */
  g_assert_cmpstr (jump->identity_file, ==, "/k/id key");
  g_assert_cmpstr (jump->known_hosts, ==, "/k/known");
}

static void
test_jump_ssh (void)
{
  g_autoptr(SlipwayJump) plain = slipway_jump_new_from_uri ("qemu+ssh://lab.example/session");
  g_autoptr(SlipwayJump) keyed = slipway_jump_new_from_uri ("qemu+ssh://ann@lab.example:2200/system?keyfile=/k/key&no_verify=0");
  g_autoptr(SlipwayJump) copy = NULL;

  g_assert_nonnull (plain);
  g_assert_cmpstr (plain->host, ==, "lab.example");
  g_assert_null (plain->user);
  g_assert_cmpuint (plain->port, ==, 0);
  g_assert_null (plain->identity_file);
  g_assert_null (plain->known_hosts);

  g_assert_nonnull (keyed);
  g_assert_cmpstr (keyed->user, ==, "ann");
  g_assert_cmpuint (keyed->port, ==, 2200);
  g_assert_cmpstr (keyed->identity_file, ==, "/k/key");

  copy = slipway_jump_copy (keyed);
  g_assert_cmpstr (copy->identity_file, ==, "/k/key");
  g_assert_cmpuint (copy->port, ==, 2200);
}

static void
test_no_jump (void)
{
  g_assert_null (slipway_jump_new_from_uri ("qemu:///system"));
  g_assert_null (slipway_jump_new_from_uri ("test:///default"));
  g_assert_null (slipway_jump_new_from_uri ("qemu+ssh://localhost/system"));
  /* TLS and TCP do not say how to log in to the host. */
  g_assert_null (slipway_jump_new_from_uri ("qemu+tls://lab.example/system"));
}

static void
test_folder (void)
{
  g_autofree char *a = slipway_uri_connection_folder (LIBSSH_URI);
  g_autofree char *b = slipway_uri_connection_folder ("qemu+ssh://root@127.0.0.1:2222/system");
  g_autofree char *c = slipway_uri_connection_folder ("qemu+ssh://lab.example/session");
  g_autofree char *d = slipway_uri_connection_folder ("qemu+ssh://x/../../etc");

  /* The same daemon by either transport: the same clusters. */
  g_assert_cmpstr (a, ==, "root@127.0.0.1_2222_system");
  g_assert_cmpstr (b, ==, a);
  g_assert_cmpstr (c, ==, "lab.example_session");
  g_assert_null (strchr (d, '/'));
  g_assert_null (slipway_uri_connection_folder ("qemu:///system"));
  g_assert_null (slipway_uri_connection_folder (NULL));
}

static void
test_cluster_dir (void)
{
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *other = NULL;
  g_autofree char *expected = NULL;

  slipway_paths_set_connection ("qemu:///system");
  local = slipway_cluster_dir ("lab");
  expected = g_build_filename (g_get_user_data_dir (), "slipway", "clusters", "lab", NULL);
  /* Where the clusters of this machine always were. */
  g_assert_cmpstr (local, ==, expected);

  slipway_paths_set_connection (LIBSSH_URI);
  remote = slipway_cluster_dir ("lab");
  slipway_paths_set_connection ("qemu+ssh://lab.example/system");
  other = slipway_cluster_dir ("lab");
  slipway_paths_set_connection (NULL);

  g_assert_cmpstr (remote, !=, local);
  g_assert_cmpstr (other, !=, remote);
  g_assert_true (g_str_has_suffix (remote, "/slipway/hosts/root@127.0.0.1_2222_system/clusters/lab"));
}

/* The value of @key in what `ssh -G` printed. */
static char *
ssh_g_value (const char *out,
             const char *key)
{
  g_autofree char *prefix = g_strdup_printf ("\n%s ", key);
  const char *line = strstr (out, prefix);

  g_assert_nonnull (line);
  line += strlen (prefix);
  return g_strndup (line, strcspn (line, "\n"));
}

static void
test_ssh_config_jump (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("lab", "10.77.3.0/24", 0, 0, 2);
  g_autoptr(SlipwayJump) jump = slipway_jump_new_from_uri (LIBSSH_URI);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *config = NULL;
  g_autofree char *out = NULL;
  g_autofree char *jump_out = NULL;
  int status = 0;

  text = slipway_keys_render_ssh_config (topology, "debian", "/c/id_ed25519", "/c/known_hosts", jump, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "  ProxyJump " SLIPWAY_JUMP_HOST_ALIAS "\n"));
  g_assert_nonnull (strstr (text, "\nHost " SLIPWAY_JUMP_HOST_ALIAS "\n"
                                  "  HostName \"127.0.0.1\"\n"
                                  "  Port 2222\n"
                                  "  User \"root\"\n"
                                  "  IdentityFile \"/k/id key\"\n"
                                  "  IdentitiesOnly yes\n"
                                  "  UserKnownHostsFile \"/k/known\"\n"
                                  "  GlobalKnownHostsFile /dev/null\n"
                                  "  StrictHostKeyChecking yes\n"
                                  "  UpdateHostKeys no\n"));

  /* What OpenSSH itself makes of it: a node goes through the jump, the
   * jump goes straight to the host with the URI's options. */
  path = g_build_filename (g_get_tmp_dir (), "ssh_config", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  config = g_strdup (path);
  {
    const char *argv[] = { "ssh", "-G", "-F", config, "worker1", NULL };
    const char *jump_argv[] = { "ssh", "-G", "-F", config, SLIPWAY_JUMP_HOST_ALIAS, NULL };
    /* What ssh uses with no configuration at all. */
    const char *default_argv[] = { "ssh", "-G", "-F", "/dev/null", "somewhere", NULL };
    g_autofree char *default_out = NULL;
    g_autofree char *node_kex = NULL;
    g_autofree char *jump_kex = NULL;
    g_autofree char *default_kex = NULL;

    if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error))
      {
        g_test_skip ("no ssh client");
        return;
      }
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out, "\nproxyjump " SLIPWAY_JUMP_HOST_ALIAS "\n"));
    g_assert_nonnull (strstr (out, "\nuser debian\n"));

    g_assert_true (g_spawn_sync (NULL, (char **)jump_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &jump_out, NULL, &status, &error));
    g_assert_nonnull (strstr (jump_out, "\nhostname 127.0.0.1\n"));
    g_assert_nonnull (strstr (jump_out, "\nport 2222\n"));
    g_assert_nonnull (strstr (jump_out, "\nuser root\n"));
    g_assert_nonnull (strstr (jump_out, "\nidentityfile /k/id key\n"));
    g_assert_nonnull (strstr (jump_out, "\nuserknownhostsfile /k/known\n"));
    g_assert_nonnull (strstr (jump_out, "\nstricthostkeychecking true\n"));
    g_assert_null (strstr (jump_out, "\nproxyjump "));
    g_assert_true (g_spawn_sync (NULL, (char **)default_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &default_out, NULL, &status, &error));
    /* No Streamlined NTRU Prime exchange with a node (costly under TCG);
     * the jump to a real host keeps ssh's default. */
    node_kex = ssh_g_value (out, "kexalgorithms");
    g_assert_null (strstr (node_kex, "sntrup"));
    g_assert_nonnull (strstr (node_kex, "curve25519-sha256"));
    jump_kex = ssh_g_value (jump_out, "kexalgorithms");
    default_kex = ssh_g_value (default_out, "kexalgorithms");
    g_assert_cmpstr (jump_kex, ==, default_kex);
  }
}

static void
test_ssh_config_no_jump (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("lab", "10.77.3.0/24", 0, 0, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = slipway_keys_render_ssh_config (topology, "debian", "/c/id_ed25519", "/c/known_hosts", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (text, "ProxyJump"));
  g_assert_null (strstr (text, SLIPWAY_JUMP_HOST_ALIAS));
}

static void
test_exports_carry_jump (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("lab", "10.77.3.0/24", 0, 0, 1);
  g_autofree char *ansible = NULL;
  g_autofree char *hosts = NULL;
  g_autofree char *config = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *local_ansible = NULL;

  local_ansible = slipway_export_ansible (topology, "debian");
  g_assert_null (strstr (local_ansible, "-F "));

  slipway_paths_set_connection (LIBSSH_URI);
  ansible = slipway_export_ansible (topology, "debian");
  hosts = slipway_export_hosts (topology);
  config = slipway_cluster_ssh_config ("lab");
  slipway_paths_set_connection (NULL);

  quoted = g_strconcat ("ansible_ssh_common_args=-F '", config, "' -o IdentitiesOnly=yes", NULL);
  g_assert_nonnull (strstr (ansible, quoted));
  g_assert_nonnull (strstr (hosts, "private network of the libvirt host 127.0.0.1"));
}

static void
assert_connect_error (const char *reason,
                      gboolean    auth_failed,
                      const char *pattern)
{
  g_autoptr(GError) error = NULL;

  slipway_remote_connect_error (LIBSSH_URI, reason, auth_failed, &error);
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR);
  if (!g_pattern_match_simple (pattern, error->message))
    g_error ("“%s” does not match “%s”", error->message, pattern);
}

static void
test_connect_errors (void)
{
  /* libvirt 9.0's own words, as measured against a loopback sshd. */
  assert_connect_error ("unable to connect to server at '127.0.0.1:1': Connection refused", FALSE,
                        "Could not reach 127.0.0.1: *Connection refused. Check the host name and the port*");
  assert_connect_error ("libssh transport error: failed to authenticate: Access denied for 'publickey'.", TRUE,
                        "Could not log in to 127.0.0.1 over SSH: *keyfile=*");
  assert_connect_error ("Cannot recv data: Host key verification failed.: Connection reset by peer", FALSE,
                        "The SSH host key of 127.0.0.1 is not known or has changed*");
  assert_connect_error ("libssh transport error: Remote command terminated with non-zero code: 1", FALSE,
                        "Logged in to 127.0.0.1, but libvirt is not running there:*Start the libvirt daemon*");
  assert_connect_error ("End of file while reading data: nc: /run/x/sock: No such file or directory", FALSE,
                        "Logged in to 127.0.0.1, but libvirt is not running there:*socket=*");
  assert_connect_error ("Failed to connect socket to '/var/run/libvirt/libvirt-sock': Permission denied", FALSE,
                        "Logged in to 127.0.0.1, but libvirt there refused the user:*“libvirt” group*");
  assert_connect_error ("something new", FALSE,
                        "Could not connect to libvirt on 127.0.0.1: something new.*");
}

static void
test_transport (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  g_assert_true (slipway_uri_check_transport (NULL, NULL));
  g_assert_true (slipway_uri_check_transport ("qemu:///system", NULL));
  g_assert_true (slipway_uri_check_transport ("test:///default", NULL));
  g_assert_true (slipway_uri_check_transport ("qemu+ssh://ann@lab.example:2200/system?keyfile=/k/key", NULL));
  g_assert_true (slipway_uri_check_transport ("qemu+tcp://10.0.0.2/system", NULL));

  /* libvirt 9.0's client crashes or stalls on these (see
   * slipway_uri_check_transport()): refused, saying what to use. */
  g_assert_false (slipway_uri_check_transport (LIBSSH_URI, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR);
  g_assert_nonnull (strstr (error->message, "“qemu+libssh://”"));
  g_assert_nonnull (strstr (error->message, "Use “qemu+ssh://”"));
  g_assert_false (slipway_uri_check_transport ("qemu+libssh2://lab.example/system", &error2));
  g_assert_nonnull (strstr (error2->message, "Use “qemu+ssh://”"));
}

/* A connection through libssh fails with that message, before libvirt is
 * ever asked: port 1 of this machine would refuse, with another message. */
static void
test_transport_refused (void)
{
  SlipwayConnection *connection = slipway_connection_new (LIBSSH_URI);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  slipway_connection_sync_async (connection, NULL, slipway_test_store_result_cb, &result);
  g_assert_false (slipway_connection_sync_finish (connection, slipway_test_wait_result (&result), &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR);
  g_assert_nonnull (strstr (error->message, "Use “qemu+ssh://”"));
  g_assert_false (slipway_connection_get_connected (connection));
  /* The result holds the connection. */
  g_clear_object (&result);
  slipway_test_close_connection (connection);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/slipway/remote/is-remote", test_is_remote);
  g_test_add_func ("/slipway/remote/local-qemu-path", test_local_qemu_path);
  g_test_add_func ("/slipway/remote/jump-libssh", test_jump_libssh);
  g_test_add_func ("/slipway/remote/jump-ssh", test_jump_ssh);
  g_test_add_func ("/slipway/remote/no-jump", test_no_jump);
  g_test_add_func ("/slipway/remote/folder", test_folder);
  g_test_add_func ("/slipway/remote/cluster-dir", test_cluster_dir);
  g_test_add_func ("/slipway/remote/ssh-config-jump", test_ssh_config_jump);
  g_test_add_func ("/slipway/remote/ssh-config-no-jump", test_ssh_config_no_jump);
  g_test_add_func ("/slipway/remote/exports", test_exports_carry_jump);
  g_test_add_func ("/slipway/remote/connect-errors", test_connect_errors);
  g_test_add_func ("/slipway/remote/transport", test_transport);
  g_test_add_func ("/slipway/remote/transport-refused", test_transport_refused);

  return g_test_run ();
}
