/* test-spec.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "slipway.h"
#include "slipway-test-utils.h"

#define GiB(n) ((guint64)(n) << 30)
#define MiB(n) ((guint64)(n) << 20)

#define KEY_ED25519 \
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILmHqThA/SRjFhv+jxCljb0ZfpJKMBjZrixHtB+WRf6H alice@laptop"
#define KEY_ECDSA \
  "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBLkGec2LU1DCipSd8q+o" \
  "UzCYNedp2twQF5/nKCznAJcXhjck3bfnRv21JLvDUng1+BqGEyiHJslt/ouQT6diUlw="
#define KEY_SK \
  "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIAABAgMEBQYHCAkKCwwN" \
  "Dg8QERITFBUWFxgZGhscHR4fAAAABHNzaDo= yubikey"

/* Reading and validating, as slipwayctl does. */
static GPtrArray *
check_data (const char   *data,
            SlipwaySpec **out_spec)
{
  GPtrArray *problems = slipway_problems_new ();
  g_autoptr(SlipwaySpec) spec = slipway_spec_new_from_data (data, -1, problems);

  if (spec != NULL)
    slipway_spec_validate (spec, problems);

  if (out_spec != NULL)
    *out_spec = g_steal_pointer (&spec);

  return problems;
}

static void
assert_no_problems (GPtrArray *problems)
{
  g_autofree char *lines = slipway_test_problems_to_lines (problems);

  g_assert_cmpstr (lines, ==, "");
}

static void
test_defaults (void)
{
  g_autoptr(SlipwaySpec) spec = slipway_spec_new_default ("lab");
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autofree char *lines = NULL;

  g_assert_cmpstr (spec->name, ==, "lab");
  g_assert_cmpstr (spec->domain, ==, "lab.test");
  g_assert_null (spec->subnet);
  g_assert_null (spec->image);
  g_assert_cmpstr (spec->user, ==, "debian");
  g_assert_nonnull (spec->ssh_authorized_keys);
  g_assert_null (spec->ssh_authorized_keys[0]);
  g_assert_cmpint (spec->network, ==, SLIPWAY_NETWORK_NAT);
  g_assert_cmpint (spec->accelerator, ==, SLIPWAY_ACCELERATOR_AUTO);

  g_assert_cmpuint (spec->roles[SLIPWAY_ROLE_GATEWAY].count, ==, 1);
  g_assert_cmpuint (spec->roles[SLIPWAY_ROLE_GATEWAY].vcpus, ==, 2);
  g_assert_cmpuint (spec->roles[SLIPWAY_ROLE_GATEWAY].memory_bytes, ==, GiB (2));
  g_assert_cmpuint (spec->roles[SLIPWAY_ROLE_GATEWAY].disk_bytes, ==, GiB (20));
  g_assert_cmpuint (spec->roles[SLIPWAY_ROLE_CONTROL].count, ==, 3);
  g_assert_cmpuint (spec->roles[SLIPWAY_ROLE_CONTROL].vcpus, ==, 2);
  g_assert_cmpuint (spec->roles[SLIPWAY_ROLE_CONTROL].memory_bytes, ==, GiB (2));
  g_assert_cmpuint (spec->roles[SLIPWAY_ROLE_CONTROL].disk_bytes, ==, GiB (20));
  g_assert_cmpuint (spec->roles[SLIPWAY_ROLE_WORKER].count, ==, 3);
  g_assert_cmpuint (spec->roles[SLIPWAY_ROLE_WORKER].vcpus, ==, 4);
  g_assert_cmpuint (spec->roles[SLIPWAY_ROLE_WORKER].memory_bytes, ==, GiB (8));
  g_assert_cmpuint (spec->roles[SLIPWAY_ROLE_WORKER].disk_bytes, ==, GiB (20));
  g_assert_cmpuint (slipway_spec_get_n_nodes (spec), ==, 7);

  /* The only thing a default spec lacks is its image. */
  slipway_spec_validate (spec, problems);
  lines = slipway_test_problems_to_lines (problems);
  g_assert_cmpstr (lines, ==,
                   "error: [cluster] image: No base image is set: write the path of a cloud "
                   "image with cloud-init (qcow2 or raw), for example Debian 12’s "
                   "“genericcloud” image.\n");
}

static void
test_parse_size (void)
{
  static const struct {
    const char *str;
    guint64     bytes;
  } good[] = {
    { "2GiB", GiB (2) },
    { "2G", GiB (2) },
    { "2g", GiB (2) },
    { "2gib", GiB (2) },
    { "2GIB", GiB (2) },
    { "2Gi", GiB (2) },
    { "2 GiB", GiB (2) },
    { " 2GiB ", GiB (2) },
    { "512MiB", MiB (512) },
    { "512M", MiB (512) },
    { "512m", MiB (512) },
    { "20G", GiB (20) },
    { "1T", GiB (1024) },
    { "1TiB", GiB (1024) },
    { "4K", 4096 },
    { "4KiB", 4096 },
    { "4k", 4096 },
    { "1000B", 1000 },
    { "1000b", 1000 },
    { "0B", 0 },
    { "1.5GiB", MiB (1536) },
    { "0.5G", MiB (512) },
    { "1.25M", 1310720 },
    { "16383T", G_GUINT64_CONSTANT (16383) << 40 },
    { "16777215T", G_GUINT64_CONSTANT (16777215) << 40 },
  };
  static const char * const bad[] = {
    "", " ", "8Q", "2048", "1.5", "GiB", "-1G", "+1G", "1,5G", "1.G", ".5G", "2GB", "2gb",
    "2MB", "2KB", "2TB", "2 G B", "2GiBs", "2iB", "1.5B", "0x10G", "2G2", "16777216T",
    "99999999999999999999999G", "1e3M",
  };
  guint64 bytes;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      bytes = 1;
      g_test_message ("size “%s”", good[i].str);
      g_assert_true (slipway_parse_size (good[i].str, &bytes));
      g_assert_cmpuint (bytes, ==, good[i].bytes);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("not a size “%s”", bad[i]);
      g_assert_false (slipway_parse_size (bad[i], &bytes));
    }

  g_assert_true (slipway_parse_size ("1G", NULL));
}

static void
test_format_size (void)
{
  static const struct {
    guint64     bytes;
    const char *str;
  } cases[] = {
    { 0, "0B" },
    { 1000, "1000B" },
    { 1024, "1KiB" },
    { 1536, "1.5KiB" },
    { MiB (512), "512MiB" },
    { MiB (1536), "1.5GiB" },
    { GiB (2), "2GiB" },
    { GiB (20), "20GiB" },
    { GiB (1024), "1TiB" },
    { G_GUINT64_CONSTANT (16383) << 40, "16383TiB" },
    { 16 * GiB (1) - 4096, "16.0GiB" },
    { 16324568 * G_GUINT64_CONSTANT (1024), "15.6GiB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *str = slipway_format_size (cases[i].bytes);

      g_assert_cmpstr (str, ==, cases[i].str);
    }

  /* What it prints, it reads back */
  for (guint64 bytes = 1; bytes < G_GUINT64_CONSTANT (1) << 42; bytes = bytes * 3 + 1024)
    {
      g_autofree char *str = slipway_format_size (bytes);
      guint64 back;

      g_assert_true (slipway_parse_size (str, &back));
      if ((bytes & 1023) == 0 || bytes < 1024)
        g_assert_cmpuint (back, ==, bytes);
    }
}

static void
test_valid_name (void)
{
  static const char * const good[] = {
    "lab", "a", "k8s", "lab-2", "0lab", "123",
    "a234567890123456789012345678901234567890",
  };
  static const char * const bad[] = {
    "", "Lab", "my lab", "my_lab", "lab.test", "-lab", "lab-", "-", "läb", "lab/x",
    "a2345678901234567890123456789012345678901",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (slipway_is_valid_name (good[i]));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (slipway_is_valid_name (bad[i]));
  g_assert_false (slipway_is_valid_name (NULL));
}

static void
test_check_cluster_name (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (slipway_check_cluster_name ("lab-2", &error));
  g_assert_no_error (error);

  /* The message of the cluster file's name check, with a suggestion. */
  g_assert_false (slipway_check_cluster_name ("My Lab", &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
  g_assert_nonnull (strstr (error->message, "“My Lab” is not a valid cluster name"));
  g_assert_nonnull (strstr (error->message, "for example “my-lab”"));
  g_clear_error (&error);

  g_assert_false (slipway_check_cluster_name ("", &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
  g_assert_true (g_str_has_prefix (error->message, "The cluster has no name"));
  g_clear_error (&error);

  g_assert_false (slipway_check_cluster_name (NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
  g_clear_error (&error);

  g_assert_false (slipway_check_cluster_name ("a2345678901234567890123456789012345678901", &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
  g_assert_nonnull (strstr (error->message, "characters long"));
  g_clear_error (&error);

  /* slipway_spec_validate() says the same of a file's name. */
  {
    g_autoptr(SlipwaySpec) spec = slipway_spec_new_default ("my_lab");
    g_autoptr(GPtrArray) problems = slipway_problems_new ();
    gboolean found = FALSE;

    g_assert_false (slipway_check_cluster_name ("my_lab", &error));
    slipway_spec_validate (spec, problems);
    for (guint i = 0; i < problems->len; i++)
      {
        const SlipwayProblem *problem = g_ptr_array_index (problems, i);

        if (g_strcmp0 (problem->key, "name") == 0)
          {
            g_assert_cmpstr (problem->message, ==, error->message);
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
}

static void
test_enum_strings (void)
{
  SlipwayRole role;
  SlipwayNetworkMode mode;
  SlipwayAccelerator accel;

  g_assert_cmpstr (slipway_role_to_string (SLIPWAY_ROLE_GATEWAY), ==, "gateway");
  g_assert_cmpstr (slipway_role_to_string (SLIPWAY_ROLE_CONTROL), ==, "control");
  g_assert_cmpstr (slipway_role_to_string (SLIPWAY_ROLE_WORKER), ==, "worker");
  g_assert_true (slipway_role_from_string ("worker", &role));
  g_assert_cmpint (role, ==, SLIPWAY_ROLE_WORKER);
  g_assert_false (slipway_role_from_string ("workers", &role));
  g_assert_cmpstr (slipway_role_get_title (SLIPWAY_ROLE_CONTROL), ==, "Control plane");

  g_assert_cmpstr (slipway_network_mode_to_string (SLIPWAY_NETWORK_ISOLATED), ==, "isolated");
  g_assert_true (slipway_network_mode_from_string ("NAT", &mode));
  g_assert_cmpint (mode, ==, SLIPWAY_NETWORK_NAT);
  g_assert_false (slipway_network_mode_from_string ("bridge", &mode));

  g_assert_cmpstr (slipway_accelerator_to_string (SLIPWAY_ACCELERATOR_TCG), ==, "tcg");
  g_assert_true (slipway_accelerator_from_string ("kvm", &accel));
  g_assert_cmpint (accel, ==, SLIPWAY_ACCELERATOR_KVM);
  g_assert_false (slipway_accelerator_from_string ("hvf", &accel));
}

static void
assert_round_trip (const SlipwaySpec *spec,
                   gboolean           with_comments)
{
  g_autofree char *data = slipway_spec_to_data (spec, with_comments);
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autoptr(SlipwaySpec) back = slipway_spec_new_from_data (data, -1, problems);
  g_autofree char *again = NULL;

  g_test_message ("%s", data);
  assert_no_problems (problems);
  g_assert_nonnull (back);
  g_assert_true (slipway_spec_equal (spec, back));

  /* Writing is stable */
  again = slipway_spec_to_data (back, with_comments);
  g_assert_cmpstr (data, ==, again);
}

static void
test_round_trip_default (void)
{
  g_autoptr(SlipwaySpec) spec = slipway_spec_new_default ("lab");

  assert_round_trip (spec, TRUE);
  assert_round_trip (spec, FALSE);
}

static void
test_round_trip_custom (void)
{
  g_autoptr(SlipwaySpec) spec = slipway_spec_new_default ("k8s-lab-2");
  const char *keys[] = { KEY_ED25519, "ssh-ed25519 AAAA with;semicolon", KEY_SK, NULL };

  g_free (spec->domain);
  spec->domain = g_strdup ("cluster.example.test");
  spec->subnet = g_strdup ("172.20.64.0/20");
  spec->network = SLIPWAY_NETWORK_ISOLATED;
  spec->image = g_strdup ("/srv/images/ de\\bian\t12 “genericcloud”.qcow2 ");
  g_free (spec->user);
  spec->user = g_strdup ("ubuntu");
  g_strfreev (spec->ssh_authorized_keys);
  spec->ssh_authorized_keys = g_strdupv ((char **)keys);
  spec->accelerator = SLIPWAY_ACCELERATOR_TCG;
  spec->roles[SLIPWAY_ROLE_GATEWAY].count = 0;
  spec->roles[SLIPWAY_ROLE_CONTROL].memory_bytes = MiB (1536);
  spec->roles[SLIPWAY_ROLE_WORKER].count = 12;
  spec->roles[SLIPWAY_ROLE_WORKER].vcpus = 1;
  spec->roles[SLIPWAY_ROLE_WORKER].memory_bytes = GiB (1) + 1000;
  spec->roles[SLIPWAY_ROLE_WORKER].disk_bytes = G_GUINT64_CONSTANT (3) << 40;
  spec->password_hash = g_strdup ("$6$c2FsdHNhbHQ$0fV0c8UqWQ2r5qmdq3W6m1Xl8r0m7u8Yc2wq9ZJ8QJQG4mQ3kF5b2y7vXJrZ3kqg3j5c8bS3dQm0zq7m6N0a1.");
  spec->console_autologin = TRUE;
  spec->no_baseline = TRUE;
  spec->pool = g_strdup ("lab-pool");

  assert_round_trip (spec, TRUE);
  assert_round_trip (spec, FALSE);
}

static void
test_commented_file (void)
{
  static const char * const cluster_keys[] = {
    "name", "domain", "subnet", "network", "image", "user", "ssh-authorized-keys",
    "accelerator", "password-hash", "console-autologin", "baseline", "load-balancer",
  };
  static const char * const role_keys[] = { "count", "vcpus", "memory", "disk" };
  g_autoptr(SlipwaySpec) spec = slipway_spec_new_default ("lab");
  g_autofree char *data = slipway_spec_to_data (spec, TRUE);
  g_autofree char *plain = slipway_spec_to_data (spec, FALSE);
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);
  guint n_keys = 0;
  guint n_groups = 0;

  g_test_message ("%s", data);
  g_assert_true (g_str_has_prefix (data, "# "));
  g_assert_null (strchr (plain, '#'));
  g_assert_true (g_str_has_suffix (data, "disk=20GiB\n"));

  /* Every key is there, each with a comment right above it, and lines
   * stay short. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      g_assert_cmpint (g_utf8_strlen (line, -1), <=, 78);

      if (line[0] == '[')
        {
          n_groups++;
          continue;
        }
      if (line[0] == '#' || line[0] == '\0')
        continue;

      g_assert_nonnull (strchr (line, '='));
      g_assert_cmpuint (i, >, 0);
      g_assert_true (g_str_has_prefix (lines[i - 1], "# "));
      n_keys++;
    }
  g_assert_cmpuint (n_groups, ==, 4);
  g_assert_cmpuint (n_keys, ==, G_N_ELEMENTS (cluster_keys) + 3 * G_N_ELEMENTS (role_keys));

  for (guint i = 0; i < G_N_ELEMENTS (cluster_keys); i++)
    {
      g_autofree char *needle = g_strdup_printf ("\n%s=", cluster_keys[i]);

      g_assert_nonnull (strstr (data, needle));
    }

  g_assert_nonnull (strstr (data, "\nimage=\n"));
  {
    g_auto(GStrv) parts = g_strsplit (data, "\n# ", -1);
    g_autofree char *unwrapped = g_strjoinv (" ", parts);

    g_assert_nonnull (strstr (unwrapped, "Required: set it before creating the cluster."));
  }
  g_assert_nonnull (strstr (data, "\nsubnet=\n"));
  g_assert_nonnull (strstr (data, "\n[worker]\n# Number of nodes, 0 or more (default 3).\n"
                                  "count=3\n"));
}

static void
test_missing_keys_take_defaults (void)
{
  g_autoptr(SlipwaySpec) expected = slipway_spec_new_default ("lab");
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  expected->image = g_strdup ("/images/debian.qcow2");
  problems = check_data ("[cluster]\nname=lab\nimage=/images/debian.qcow2\n", &spec);
  assert_no_problems (problems);
  g_assert_true (slipway_spec_equal (spec, expected));

  /* An empty value of an optional key is its default too */
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_pointer (&spec, slipway_spec_free);
  problems = check_data ("[cluster]\nname=lab\ndomain=\nsubnet=\nnetwork=\naccelerator=\n"
                         "image=/images/debian.qcow2\nssh-authorized-keys=\n"
                         "[worker]\n[control]\n", &spec);
  assert_no_problems (problems);
  g_assert_true (slipway_spec_equal (spec, expected));
}

static void
test_parse_values (void)
{
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  problems = check_data ("# a comment\n"
                         "\n"
                         "  [cluster]  \r\n"
                         "name = demo \r\n"
                         "image=/i.qcow2\n"
                         "network=Isolated\n"
                         "accelerator=TCG\n"
                         "ssh-authorized-keys= " KEY_ED25519 " ; ;" KEY_ECDSA ";\n"
                         "[worker]\n"
                         "count=0\n"
                         "[control]\n"
                         "count = 1\n"
                         "memory = 1.5 GiB\n"
                         "vcpus=+3\n",
                         &spec);
  assert_no_problems (problems);
  g_assert_cmpstr (spec->name, ==, "demo");
  g_assert_cmpstr (spec->domain, ==, "demo.test");
  g_assert_cmpint (spec->network, ==, SLIPWAY_NETWORK_ISOLATED);
  g_assert_cmpint (spec->accelerator, ==, SLIPWAY_ACCELERATOR_TCG);
  g_assert_cmpuint (g_strv_length (spec->ssh_authorized_keys), ==, 2);
  g_assert_cmpstr (spec->ssh_authorized_keys[0], ==, KEY_ED25519);
  g_assert_cmpstr (spec->ssh_authorized_keys[1], ==, KEY_ECDSA);
  g_assert_cmpuint (spec->roles[SLIPWAY_ROLE_WORKER].count, ==, 0);
  g_assert_cmpuint (spec->roles[SLIPWAY_ROLE_CONTROL].count, ==, 1);
  g_assert_cmpuint (spec->roles[SLIPWAY_ROLE_CONTROL].vcpus, ==, 3);
  g_assert_cmpuint (spec->roles[SLIPWAY_ROLE_CONTROL].memory_bytes, ==, MiB (1536));
  g_assert_cmpuint (slipway_spec_get_n_nodes (spec), ==, 2);
}

static void
test_syntax_error_returns_null (void)
{
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autoptr(SlipwaySpec) spec = NULL;
  const SlipwayProblem *problem;

  spec = slipway_spec_new_from_data ("[cluster]\nname=lab\nworkers 3\n", -1, problems);
  g_assert_null (spec);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_null (problem->group);
  g_assert_null (problem->key);
  g_assert_false (problem->is_warning);
  g_assert_true (g_str_has_prefix (problem->message, "Line 3: “workers 3” is neither"));

  /* Embedded nul bytes are not text */
  g_ptr_array_set_size (problems, 0);
  spec = slipway_spec_new_from_data ("[cluster]\nna\0me=lab\n", 20, problems);
  g_assert_null (spec);
  g_assert_cmpuint (problems->len, ==, 1);

  /* An empty file is a file with no name */
  g_ptr_array_set_size (problems, 0);
  spec = slipway_spec_new_from_data ("", 0, problems);
  g_assert_nonnull (spec);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_null (spec->name);
  g_assert_null (spec->domain);
}

static void
test_equal_copy (void)
{
  g_autoptr(SlipwaySpec) a = slipway_spec_new_default ("lab");
  g_autoptr(SlipwaySpec) b = slipway_spec_copy (a);
  g_autoptr(SlipwaySpec) c = NULL;

  g_assert_true (slipway_spec_equal (a, b));
  g_assert_true (a->ssh_authorized_keys != b->ssh_authorized_keys);

  /* Unset is unset, NULL or empty */
  b->image = g_strdup ("");
  g_strfreev (b->ssh_authorized_keys);
  b->ssh_authorized_keys = NULL;
  g_assert_true (slipway_spec_equal (a, b));
  c = slipway_spec_copy (b);
  g_assert_nonnull (c->ssh_authorized_keys);
  g_assert_true (slipway_spec_equal (b, c));

  b->roles[SLIPWAY_ROLE_WORKER].disk_bytes++;
  g_assert_false (slipway_spec_equal (a, b));
  b->roles[SLIPWAY_ROLE_WORKER].disk_bytes--;
  g_free (b->user);
  b->user = g_strdup ("ubuntu");
  g_assert_false (slipway_spec_equal (a, b));
  g_free (b->user);
  b->user = g_strdup ("debian");
  b->ssh_authorized_keys = g_strsplit (KEY_ED25519, "\n", -1);
  g_assert_false (slipway_spec_equal (a, b));

  g_assert_true (G_TYPE_IS_BOXED (SLIPWAY_TYPE_SPEC));
  g_assert_true (G_TYPE_IS_BOXED (SLIPWAY_TYPE_PROBLEM));
}

static void
test_problem_to_string (void)
{
  g_autoptr(SlipwayProblem) whole = slipway_problem_new (NULL, NULL, FALSE, "No %s.", "nodes");
  g_autoptr(SlipwayProblem) group = slipway_problem_new ("workers", NULL, TRUE, "Unknown.");
  g_autoptr(SlipwayProblem) key = slipway_problem_new ("worker", "memory", FALSE, "Too %s.", "big");
  g_autoptr(SlipwayProblem) copy = slipway_problem_copy (key);
  g_autofree char *s1 = slipway_problem_to_string (whole);
  g_autofree char *s2 = slipway_problem_to_string (group);
  g_autofree char *s3 = slipway_problem_to_string (key);
  g_autofree char *s4 = slipway_problem_to_string (copy);

  g_assert_cmpstr (s1, ==, "No nodes.");
  g_assert_cmpstr (s2, ==, "[workers] Unknown.");
  g_assert_cmpstr (s3, ==, "[worker] memory: Too big.");
  g_assert_cmpstr (s4, ==, s3);
  g_assert_true (group->is_warning);
  g_assert_false (copy->is_warning);
}

static void
test_problems_to_error (void)
{
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (slipway_problems_has_errors (problems));
  g_assert_true (slipway_problems_to_error (problems, "lab.conf", &error));
  g_assert_no_error (error);
  g_assert_true (slipway_problems_to_error (NULL, "lab.conf", &error));

  g_ptr_array_add (problems, slipway_problem_new ("workers", NULL, TRUE, "Unknown group."));
  g_assert_false (slipway_problems_has_errors (problems));
  g_assert_true (slipway_problems_to_error (problems, "lab.conf", &error));
  g_assert_no_error (error);

  g_ptr_array_add (problems, slipway_problem_new ("worker", "memory", FALSE, "Too little."));
  g_ptr_array_add (problems, slipway_problem_new (NULL, NULL, FALSE, "No nodes."));
  g_assert_true (slipway_problems_has_errors (problems));
  g_assert_false (slipway_problems_to_error (problems, "lab.conf", &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
  g_assert_cmpstr (error->message, ==,
                   "lab.conf:\n"
                   "[worker] memory: Too little.\n"
                   "No nodes.\n"
                   "warning: [workers] Unknown group.");
  g_clear_error (&error);

  g_assert_false (slipway_problems_to_error (problems, NULL, &error));
  g_assert_true (g_str_has_prefix (error->message, "[worker] memory: Too little.\n"));
  g_clear_error (&error);

  g_assert_false (slipway_problems_to_error (problems, "x", NULL));
}

static void
test_from_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autofree char *dir = g_dir_make_tmp ("slipway-spec-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(SlipwaySpec) saved = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "lab.conf", NULL);

  /* Relative images are relative to the file */
  g_assert_true (g_file_set_contents (path, "[cluster]\nname=lab\nimage=images/../d.qcow2\n",
                                      -1, &error));
  spec = slipway_spec_new_from_file (path, problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (spec);
  expected = g_build_filename (dir, "d.qcow2", NULL);
  g_assert_cmpstr (spec->image, ==, expected);
  g_clear_pointer (&spec, slipway_spec_free);
  g_clear_pointer (&expected, g_free);

  g_assert_true (g_file_set_contents (path, "[cluster]\nname=lab\nimage=~/d.qcow2\n",
                                      -1, &error));
  spec = slipway_spec_new_from_file (path, problems, &error);
  expected = g_build_filename (g_get_home_dir (), "d.qcow2", NULL);
  g_assert_cmpstr (spec->image, ==, expected);

  /* Saving writes the commented file, which reads back the same */
  g_assert_true (slipway_spec_save (spec, path, &error));
  g_assert_no_error (error);
  saved = slipway_spec_new_from_file (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (slipway_spec_equal (spec, saved));
  assert_no_problems (problems);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_null (slipway_spec_new_from_file (path, problems, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_unknown_key_suggestions (void)
{
  static const struct {
    const char *data;
    const char *expected;
  } cases[] = {
    { "[worker]\nmemroy=1G\n", "Unknown key, ignored: did you mean “memory”?" },
    { "[worker]\nMemory=1G\n", "Unknown key, ignored: did you mean “memory”?" },
    { "[worker]\nram=1G\n", "Unknown key, ignored: did you mean “memory”?" },
    { "[worker]\ncpus=2\n", "Unknown key, ignored: did you mean “vcpus”?" },
    { "[worker]\nvcpu=2\n", "Unknown key, ignored: did you mean “vcpus”?" },
    { "[cluster]\nssh_authorized_keys=\n",
      "Unknown key, ignored: did you mean “ssh-authorized-keys”?" },
    { "[cluster]\nimgae=x\n", "Unknown key, ignored: did you mean “image”?" },
    { "[cluster]\ndns=x\n",
      "Unknown key, ignored: the keys of this group are name, domain, subnet, network, image, "
      "user, ssh-authorized-keys, accelerator, password-hash, console-autologin, baseline, pool, "
      "load-balancer, arch." },
    { "[workers]\n", "Unknown group, ignored: did you mean “[worker]”?" },
    { "[Control]\n", "Unknown group, ignored: did you mean “[control]”?" },
    { "[masters]\n", "Unknown group, ignored: did you mean “[control]”?" },
    { "[storage]\n",
      "Unknown group, ignored: the groups are [cluster], [gateway], [control] and [worker]." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) problems = slipway_problems_new ();
      g_autoptr(SlipwaySpec) spec = slipway_spec_new_from_data (cases[i].data, -1, problems);
      const SlipwayProblem *problem;

      g_assert_nonnull (spec);
      g_assert_cmpuint (problems->len, ==, 1);
      problem = g_ptr_array_index (problems, 0);
      g_assert_true (problem->is_warning);
      g_assert_cmpstr (problem->message, ==, cases[i].expected);
    }
}

/* The corpus: tests/data/spec/{bad,good}/NAME.conf, each bad one with the
 * problems it must give in NAME.expected. */

static char *
expected_path_for (const char *conf)
{
  g_autofree char *base = g_strndup (conf, strlen (conf) - strlen (".conf"));

  return g_strconcat (base, ".expected", NULL);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static void
test_corpus_file (gconstpointer data)
{
  const char *conf = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_path = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (conf, &contents, &length, &error));
  g_assert_no_error (error);

  expected_path = expected_path_for (conf);
  if (!g_file_get_contents (expected_path, &expected, NULL, NULL))
    expected = g_strdup ("");   /* good files have none: no problems */

  {
    g_autoptr(SlipwaySpec) spec = NULL;

    problems = slipway_problems_new ();
    spec = slipway_spec_new_from_data (contents, length, problems);
    if (spec != NULL)
      slipway_spec_validate (spec, problems);
  }

  actual = slipway_test_problems_to_lines (problems);
  g_assert_cmpstr (actual, ==, expected);

  if (strstr (conf, "/bad/") != NULL)
    g_assert_true (slipway_problems_has_errors (problems));
}

static void
add_corpus (const char *kind)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "spec", kind, NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (name, ".conf"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *base = g_strndup (file, strlen (file) - strlen (".conf"));
      g_autofree char *test_path = g_strdup_printf ("/slipway/spec/corpus/%s/%s", kind, base);

      g_test_add_data_func_full (test_path, g_build_filename (dir_path, file, NULL),
                                 test_corpus_file, g_free);
    }
}

static void
test_corpus_size (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "spec", "bad", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (name, ".conf"))
        {
          g_autofree char *path = g_build_filename (dir_path, name, NULL);
          g_autofree char *expected_path = expected_path_for (path);
          g_autofree char *expected = NULL;

          /* A bad file without its expectations would pass for a good one */
          g_assert_true (g_file_get_contents (expected_path, &expected, NULL, NULL));
          g_assert_cmpstr (expected, !=, "");
          n++;
        }
    }

  g_assert_cmpuint (n, >=, 60);
}

/* The annotated example of docs/cluster-file.md must be a valid file. */
static void
test_docs_example (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "cluster-file.md",
                                                 NULL);
  g_autofree char *doc = NULL;
  const char *p;
  guint n_examples = 0;

  if (!g_file_get_contents (path, &doc, NULL, NULL))
    {
      g_test_skip ("docs/cluster-file.md is not in the source tree");
      return;
    }

  p = doc;
  while ((p = strstr (p, "```ini\n")) != NULL)
    {
      const char *start = p + strlen ("```ini\n");
      const char *end = strstr (start, "```");
      g_autofree char *example = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(SlipwaySpec) spec = NULL;

      g_assert_nonnull (end);
      example = g_strndup (start, end - start);
      problems = check_data (example, &spec);
      g_test_message ("%s", example);
      assert_no_problems (problems);
      n_examples++;
      p = end + 3;
    }

  g_assert_cmpuint (n_examples, >=, 1);
}

static void
test_suggest_cluster_name (void)
{
  const char * const none[] = { NULL };
  const char * const others[] = { "prod", "lab-a", NULL };
  const char * const lab[] = { "lab", NULL };
  const char * const lab12[] = { "lab2", "lab", "lab3", NULL };
  const char * const gap[] = { "lab", "lab3", NULL };
  struct { const char * const *taken; const char *expected; } cases[] = {
    { NULL, "lab" },
    { none, "lab" },
    { others, "lab" },
    { lab, "lab2" },
    { lab12, "lab4" },
    { gap, "lab2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = slipway_suggest_cluster_name (cases[i].taken);

      g_assert_cmpstr (name, ==, cases[i].expected);
      g_assert_true (slipway_is_valid_name (name));
    }
}

int
main (int   argc,
      char *argv[])
{
  /* The expected messages are the untranslated ones */
  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/slipway/spec/defaults", test_defaults);
  g_test_add_func ("/slipway/spec/parse-size", test_parse_size);
  g_test_add_func ("/slipway/spec/format-size", test_format_size);
  g_test_add_func ("/slipway/spec/valid-name", test_valid_name);
  g_test_add_func ("/slipway/spec/check-cluster-name", test_check_cluster_name);
  g_test_add_func ("/slipway/spec/suggest-cluster-name", test_suggest_cluster_name);
  g_test_add_func ("/slipway/spec/enum-strings", test_enum_strings);
  g_test_add_func ("/slipway/spec/round-trip/default", test_round_trip_default);
  g_test_add_func ("/slipway/spec/round-trip/custom", test_round_trip_custom);
  g_test_add_func ("/slipway/spec/commented-file", test_commented_file);
  g_test_add_func ("/slipway/spec/missing-keys-take-defaults", test_missing_keys_take_defaults);
  g_test_add_func ("/slipway/spec/parse-values", test_parse_values);
  g_test_add_func ("/slipway/spec/syntax-error", test_syntax_error_returns_null);
  g_test_add_func ("/slipway/spec/equal-copy", test_equal_copy);
  g_test_add_func ("/slipway/spec/problem-to-string", test_problem_to_string);
  g_test_add_func ("/slipway/spec/problems-to-error", test_problems_to_error);
  g_test_add_func ("/slipway/spec/from-file", test_from_file);
  g_test_add_func ("/slipway/spec/unknown-key-suggestions", test_unknown_key_suggestions);
  g_test_add_func ("/slipway/spec/docs-example", test_docs_example);
  g_test_add_func ("/slipway/spec/corpus/size", test_corpus_size);
  add_corpus ("bad");
  add_corpus ("good");

  return g_test_run ();
}
