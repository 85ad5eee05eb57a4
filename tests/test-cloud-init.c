/* test-cloud-init.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "slipway.h"
#include "slipway-test-utils.h"
#include "slipway-grow-root-private.h"

/*
 * The rendered files are checked by the real consumers: `cloud-init schema`
 * validates user-data, and cloud-init's own Python (PyYAML, as cloud-init
 * loads it) parses both files back. The expected values reach Python
 * hex-encoded on the command line, so no quoting in this file can hide an
 * escaping bug in the code under test.
 */

static const char check_script[] =
  "import json, sys, yaml\n"
  "def arg(i):\n"
  "    return bytes.fromhex(sys.argv[i]).decode('utf-8')\n"
  "path, kind = sys.argv[1], sys.argv[2]\n"
  "raw = open(path, 'rb').read()\n"
  "data = yaml.safe_load(raw)\n"
  "if kind == 'meta':\n"
  "    expected = {'instance-id': arg(3), 'local-hostname': arg(4)}\n"
  "else:\n"
  "    if not raw.startswith(b'#cloud-config\\n'):\n"
  "        sys.exit('user-data does not start with #cloud-config')\n"
  "    user = {'name': arg(6), 'sudo': 'ALL=(ALL) NOPASSWD:ALL',\n"
  "            'shell': '/bin/bash', 'lock_passwd': True}\n"
  "    if len(sys.argv) > 7:\n"
  "        user['ssh_authorized_keys'] = [arg(i) for i in range(7, len(sys.argv))]\n"
  "    expected = {'hostname': arg(4)}\n"
  "    if sys.argv[5] != '-':\n"
  "        expected['fqdn'] = arg(5)\n"
  "    expected.update({'prefer_fqdn_over_hostname': False,\n"
  "                     'manage_etc_hosts': True, 'users': [user],\n"
  "                     'ssh_pwauth': False, 'disable_root': True,\n"
  "                     'growpart': {'mode': 'off'}, 'resize_rootfs': False,\n"
  "                     'runcmd': [['sh', '-c', arg(3), 'slipway-grow-root']]})\n"
  "got = json.dumps(data, sort_keys=True)\n"
  "want = json.dumps(expected, sort_keys=True)\n"
  "if got != want:\n"
  "    sys.exit('parsed back:\\n%s\\nexpected:\\n%s' % (got, want))\n"
  "if kind == 'user':\n"
  "    # `cloud-init schema` accepts unknown keys: check every key is one\n"
  "    # cloud-init knows, so a misspelt key cannot pass unnoticed.\n"
  "    from cloudinit.config.schema import get_schema\n"
  "    schema = get_schema()\n"
  "    defs = schema.get('$defs', {})\n"
  "    known = set()\n"
  "    for part in schema.get('allOf', []):\n"
  "        ref = part.get('$ref', '')\n"
  "        if ref.startswith('#/$defs/'):\n"
  "            known.update(defs[ref[8:]].get('properties', {}))\n"
  "    user_known = set(defs.get('users_groups.user', {}).get('properties', {}))\n"
  "    if not known or not user_known:\n"
  "        print('note: unknown cloud-init schema layout, key names not checked')\n"
  "    else:\n"
  "        bad = sorted(set(data) - known) + sorted(set(data['users'][0]) - user_known)\n"
  "        if bad:\n"
  "            sys.exit('keys unknown to cloud-init: %s' % bad)\n"
  "print('ok')\n";

/* cloud-init's own interpreter (its "#!" line), which has PyYAML and the
 * cloudinit module; "python3" from PATH if that line is unusual. */
static char *
find_cloud_init_python (void)
{
  g_autofree char *cloud_init = NULL;
  g_autofree char *script = NULL;

  cloud_init = slipway_test_require_program ("cloud-init", "cloud-init");
  if (cloud_init == NULL)
    return NULL;

  if (g_file_get_contents (cloud_init, &script, NULL, NULL) &&
      g_str_has_prefix (script, "#!/"))
    {
      g_autofree char *interpreter = g_strndup (script + 2, strcspn (script + 2, " \n"));

      if (g_str_has_suffix (interpreter, "python3") &&
          g_file_test (interpreter, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&interpreter);
    }

  return slipway_test_require_program ("python3", "python3-yaml");
}

static char *
hex (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const guchar *p = (const guchar *)value; *p != '\0'; p++)
    g_string_append_printf (out, "%02x", *p);
  return g_string_free (out, FALSE);
}

/* Parses @text back with cloud-init's YAML loader and compares it, types
 * included, with what @config says. */
static void
assert_round_trip (const char               *kind,
                   const char               *text,
                   const SlipwayCloudConfig *config)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *python = find_cloud_init_python ();
  g_autofree char *path = NULL;
  SlipwayTestRun result;

  if (python == NULL)
    return;

  path = slipway_test_write_temp (kind, text);
  g_ptr_array_add (argv, g_strdup (python));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup (check_script));
  g_ptr_array_add (argv, g_strdup (path));
  g_ptr_array_add (argv, g_strdup (kind));
  if (g_str_equal (kind, "meta"))
    {
      g_ptr_array_add (argv, hex (config->instance_id));
      g_ptr_array_add (argv, hex (config->hostname));
    }
  else
    {
      g_ptr_array_add (argv, hex (slipway_grow_root_script));
      g_ptr_array_add (argv, hex (config->hostname));
      g_ptr_array_add (argv, config->fqdn != NULL ? hex (config->fqdn) : g_strdup ("-"));
      g_ptr_array_add (argv, hex (config->user));
      for (guint i = 0; config->authorized_keys != NULL && config->authorized_keys[i] != NULL; i++)
        g_ptr_array_add (argv, hex (config->authorized_keys[i]));
    }
  g_ptr_array_add (argv, NULL);

  if (!slipway_test_run ((const char * const *)argv->pdata, &result))
    g_test_fail_printf ("%s-data does not read back as written (exit %d):\n%s%s\n--- file:\n%s",
                        kind, result.status, result.out, result.err, text);
  else
    g_test_message ("%s", result.out);

  slipway_test_run_clear (&result);
  g_unlink (path);
}

static void
assert_schema_valid (const char *text)
{
  g_autofree char *output = NULL;

  if (!slipway_test_cloud_init_schema_accepts (text, &output))
    g_test_fail_printf ("cloud-init schema rejected the user-data:\n%s\n--- file:\n%s",
                        output, text);
}

static void
check_user_data (const SlipwayCloudConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = slipway_cloud_init_user_data (config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "#cloud-config\n"));
  g_assert_true (g_utf8_validate (text, -1, NULL));

  assert_schema_valid (text);
  assert_round_trip ("user", text, config);
}

static const char * const lab_keys[] = {
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMz4Tj1lG5d0Yb9T1Wq1y7mQ3S0gk3Xh9z4r8lXcH2pQ slipway-lab",
  "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7/+x= alice@laptop",
  NULL
};

static const SlipwayCloudConfig lab_config = {
  .instance_id = "lab-control0-0001",
  .hostname = "control0",
  .fqdn = "control0.lab.test",
  .user = "debian",
  .authorized_keys = lab_keys,
};

static void
test_meta_data (void)
{
  g_autofree char *text = slipway_cloud_init_meta_data (&lab_config);

  g_assert_cmpstr (text, ==,
                   "instance-id: lab-control0-0001\n"
                   "local-hostname: control0\n");
  assert_round_trip ("meta", text, &lab_config);
}

static void
test_meta_data_tricky (void)
{
  static const SlipwayCloudConfig config = {
    .instance_id = "id: 'x' \"y\" #z ünï",
    .hostname = "yes",
  };
  g_autofree char *text = slipway_cloud_init_meta_data (&config);

  assert_round_trip ("meta", text, &config);
}

static void
test_user_data (void)
{
  check_user_data (&lab_config);
}

/* The layout a person reading the seed sees; the round trip proves the
 * meaning, this the readability (plain where safe, cluster key first). */
static void
test_user_data_layout (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = slipway_cloud_init_user_data (&lab_config, &error);
  g_autofree char *script = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) lines = g_strsplit (slipway_grow_root_script, "\n", -1);

  /* The script as a literal block, its lines indented under "- |". */
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autofree char *line = g_steal_pointer (&lines[i]);

      lines[i] = g_strconcat ("    ", line, NULL);
    }
  script = g_strjoinv ("\n", lines);
  expected = g_strconcat ("#cloud-config\n"
                          "hostname: control0\n"
                          "fqdn: control0.lab.test\n"
                          "prefer_fqdn_over_hostname: false\n"
                          "manage_etc_hosts: true\n"
                          "users:\n"
                          "- name: debian\n"
                          "  sudo: 'ALL=(ALL) NOPASSWD:ALL'\n"
                          "  shell: /bin/bash\n"
                          "  lock_passwd: true\n"
                          "  ssh_authorized_keys:\n"
                          "  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMz4Tj1lG5d0Yb9T1Wq1y7mQ3S0gk3Xh9z4r8lXcH2pQ slipway-lab\n"
                          "  - ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7/+x= alice@laptop\n"
                          "ssh_pwauth: false\n"
                          "disable_root: true\n"
                          "growpart:\n"
                          "  mode: 'off'\n"
                          "resize_rootfs: false\n"
                          "runcmd:\n"
                          "- - sh\n"
                          "  - '-c'\n"
                          "  - |\n",
                          script,
                          "  - slipway-grow-root\n",
                          NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_user_data_tricky (void)
{
  static const char * const keys[] = {
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMz4 slipway-lab",
    "ssh-ed25519 AAAA comment: with \"double\" and 'single' quotes # not a comment",
    "ssh-ed25519 AAAA ünïcødé 日本語 🚀 Ωmega",
    "key: value",
    "- not a list item",
    "[not, a, flow, list]",
    "{not: a map}",
    "*not_an_alias",
    "&not_an_anchor",
    "!not_a_tag",
    "%not a directive",
    "@at `backtick` | pipe > gt",
    "  leading and trailing spaces  ",
    "tab\tinside",
    "back\\slash \\n not a newline",
    "line one\nline two\n",
    "no trailing newline\nsecond line",
    "control \x01\x7f chars",
    "crlf\r\nline",
    "",
    NULL
  };
  static const SlipwayCloudConfig config = {
    .instance_id = "i",
    .hostname = "host: #1 'x' \"y\"",
    .fqdn = "ünï.example.test",
    .user = "o'brien \"the\" #user: ü",
    .authorized_keys = keys,
  };

  check_user_data (&config);
}

/* Values a YAML 1.1 reader would turn into booleans, numbers or null when
 * left unquoted must stay strings. */
static void
test_user_data_yaml_keywords (void)
{
  static const char * const keys[] = {
    "true", "False", "ON", "off", "y", "N", "null", "Null", "~",
    "123", "0x1F", "0o17", "1e3", "1_000", ".5", "-1", "+1", ".inf", "-.Inf", ".NaN",
    "2001-12-14", "2001-12-14t21:59:43.10-05:00", "1:20", "<<", "=",
    NULL
  };
  static const SlipwayCloudConfig config = {
    .instance_id = "i",
    .hostname = "yes",
    .fqdn = "123",
    .user = "null",
    .authorized_keys = keys,
  };

  check_user_data (&config);
}

static void
test_user_data_optional (void)
{
  static const SlipwayCloudConfig config = {
    .instance_id = "i",
    .hostname = "worker0",
    .user = "debian",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = slipway_cloud_init_user_data (&config, &error);

  g_assert_no_error (error);
  g_assert_null (strstr (text, "fqdn:"));
  g_assert_null (strstr (text, "ssh_authorized_keys"));
  check_user_data (&config);
}

static void
test_user_data_invalid_utf8 (void)
{
  static const char * const keys[] = { "ssh-ed25519 AAAA \xff\xfe", NULL };
  static const SlipwayCloudConfig config = {
    .instance_id = "i",
    .hostname = "worker0",
    .user = "debian",
    .authorized_keys = keys,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = slipway_cloud_init_user_data (&config, &error);

  g_assert_null (text);
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_SEED);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* The validator must be able to say no, or the tests above prove nothing. */
static void
test_schema_rejects_invalid (void)
{
  g_autofree char *output = NULL;

  if (slipway_test_cloud_init_schema_accepts ("#cloud-config\nssh_pwauth: 42\nusers: 5\n", &output))
    g_test_fail_printf ("cloud-init schema accepted an invalid file:\n%s", output);
  else if (!g_test_failed ())
    g_test_message ("cloud-init schema said: %s", output);
}

static void
test_null_config (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *text = slipway_cloud_init_user_data (NULL, NULL);

      g_assert_null (text);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*config != NULL*");
}


static const char trust_check_script[] =
  "import sys, yaml\n"
  "d = yaml.safe_load(open(sys.argv[1], 'rb'))\n"
  "priv, pub, hashed, user = [open(a).read() for a in sys.argv[2:6]]\n"
  "assert d['ssh_deletekeys'] is True, d\n"
  "assert d['ssh_genkeytypes'] == ['ed25519'], d\n"
  "assert d['ssh_keys'] == {'ed25519_private': priv, 'ed25519_public': pub}, d['ssh_keys']\n"
  "u = d['users'][0]\n"
  "assert u['lock_passwd'] is False and u['passwd'] == hashed, u\n"
  "assert d['ssh_pwauth'] is False\n"
  "wf = d['write_files'][0]\n"
  "assert wf['path'] == '/etc/systemd/system/serial-getty@ttyS0.service.d/slipway-autologin.conf', wf\n"
  "assert ('--autologin %s ' % user) in wf['content'] and wf['content'].startswith('[Service]\\nExecStart=\\n'), wf\n"
  "assert d['runcmd'][:2] == [['systemctl', 'daemon-reload'], ['systemctl', 'restart', '--no-block', 'serial-getty@ttyS0.service']], d['runcmd']\n"
  "assert d['runcmd'][2][:2] == ['sh', '-c'] and len(d['runcmd']) == 3 and d['growpart'] == {'mode': 'off'}, d['runcmd']\n"
  "print('ok')\n";

/* The node's pinned host key, a password hash and console autologin: the
 * real cloud-init schema accepts them, they read back exactly, and the
 * password itself appears nowhere. */
static void
test_user_data_trust (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *python = find_cloud_init_python ();
  g_autofree char *dir = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *text = NULL;
  char *paths[5] = { NULL };
  const char *contents[5];
  SlipwayCloudConfig config = lab_config;
  SlipwayTestRun result;

  if (python == NULL)
    return;

  hash = slipway_hash_password ("s3cret pass phrase", &error);
  g_assert_no_error (error);

  config.host_key_private =
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "QyNTUxOQAAACBfakeKeyMaterialOnlyForTheTestSuiteOfSlipway0000000000AAAA\n"
    "-----END OPENSSH PRIVATE KEY-----\n";
  config.host_key_public = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIF9qZWtleW9ubHlmb3J0ZXN0aW5nc2xpcHdheTAw";
  config.password_hash = hash;
  config.console_autologin = TRUE;

  text = slipway_cloud_init_user_data (&config, &error);
  g_assert_no_error (error);
  g_test_message ("%s", text);
  g_assert_null (strstr (text, "s3cret"));
  assert_schema_valid (text);

  dir = g_dir_make_tmp ("slipway-trust-XXXXXX", &error);
  g_assert_no_error (error);
  contents[0] = text;
  contents[1] = config.host_key_private;
  contents[2] = config.host_key_public;
  contents[3] = hash;
  contents[4] = config.user;
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *name = g_strdup_printf ("%u", i);

      paths[i] = g_build_filename (dir, name, NULL);
      g_assert_true (g_file_set_contents (paths[i], contents[i], -1, &error));
    }

  {
    const char *argv[] = { python, "-c", trust_check_script, paths[0], paths[1], paths[2],
                           paths[3], paths[4], NULL };

    if (!slipway_test_run (argv, &result))
      g_test_fail_printf ("user-data did not read back as expected:\n%s%s", result.out, result.err);
    slipway_test_run_clear (&result);
  }

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_unlink (paths[i]);
      g_free (paths[i]);
    }
  g_rmdir (dir);
}

/* The script that grows a node's root file system after sshd has started,
 * as the seed carries it (without comment lines): the guest's /bin/sh (dash,
 * on Debian) parses it, and where there is nothing it knows it succeeds. What
 * it does is checked against a made-up /sys (tests/test-grow-root.sh) and on
 * a real guest (tests/e2e/test-e2e.sh). */
static void
test_grow_root_script (void)
{
  const char *parse[] = { "sh", "-n", "-c", slipway_grow_root_script, NULL };
  const char *run[] = { "env", "-i", "PATH=/nonexistent", "/bin/sh", "-c",
                        slipway_grow_root_script, "slipway-grow-root", NULL };
  SlipwayTestRun result;

  g_assert_null (strstr (slipway_grow_root_script, "\n#"));
  if (!slipway_test_run (parse, &result))
    g_test_fail_printf ("sh -n refused the script:\n%s%s", result.out, result.err);
  slipway_test_run_clear (&result);

  if (!slipway_test_run (run, &result))
    g_test_fail_printf ("without its tools the script failed (exit %d):\n%s%s",
                        result.status, result.out, result.err);
  slipway_test_run_clear (&result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/slipway/cloud-init/meta-data", test_meta_data);
  g_test_add_func ("/slipway/cloud-init/meta-data/tricky", test_meta_data_tricky);
  g_test_add_func ("/slipway/cloud-init/user-data", test_user_data);
  g_test_add_func ("/slipway/cloud-init/user-data/layout", test_user_data_layout);
  g_test_add_func ("/slipway/cloud-init/user-data/tricky", test_user_data_tricky);
  g_test_add_func ("/slipway/cloud-init/user-data/yaml-keywords", test_user_data_yaml_keywords);
  g_test_add_func ("/slipway/cloud-init/user-data/optional", test_user_data_optional);
  g_test_add_func ("/slipway/cloud-init/user-data/invalid-utf8", test_user_data_invalid_utf8);
  g_test_add_func ("/slipway/cloud-init/user-data/null-config", test_null_config);
  g_test_add_func ("/slipway/cloud-init/schema-rejects-invalid", test_schema_rejects_invalid);
  g_test_add_func ("/slipway/cloud-init/user-data/trust", test_user_data_trust);
  g_test_add_func ("/slipway/cloud-init/grow-root-script", test_grow_root_script);

  return g_test_run ();
}
