/* slipway-spec-reader.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slipway-error.h"
#include "slipway-ipv4.h"
#include "slipway-problem.h"
#include "slipway-size.h"
#include "slipway-size-private.h"
#include "slipway-spec.h"
#include "slipway-spec-keyfile-private.h"
#include "slipway-spec-private.h"

/* The cluster file is a GKeyFile written by people. Reading it happens in
 * two steps: slipway_spec_new_from_data() turns text into values and reports
 * what cannot be read at all (syntax, unknown keys, "8Q" as a size), then
 * slipway_spec_validate() reports values that are well-formed but unusable.
 * A value that fails the first step keeps its default, so the second step
 * never reports the same mistake twice.
 */

static const char * const cluster_keys[] = {
  KEY_NAME, KEY_DOMAIN, KEY_SUBNET, KEY_NETWORK, KEY_IMAGE, KEY_USER, KEY_SSH_KEYS,
  KEY_ACCELERATOR, KEY_PASSWORD_HASH, KEY_AUTOLOGIN, KEY_BASELINE, KEY_POOL, KEY_LOAD_BALANCER,
  KEY_ARCH, NULL
};

static const char * const role_keys[] = {
  KEY_COUNT, KEY_VCPUS, KEY_MEMORY, KEY_DISK, KEY_ARCH, KEY_IMAGE, NULL
};

static void
parse_arch (const char  *group,
            const char  *key,
            char        *value,
            SlipwayArch *arch,
            GPtrArray   *problems)
{
  g_autofree char *quoted = NULL;

  g_strstrip (value);
  if (slipway_arch_from_string (value, arch))
    return;

  *arch = SLIPWAY_ARCH_DEFAULT;
  quoted = _slipway_spec_quote_value (value);
  _slipway_spec_add_problem (problems,
               slipway_problem_new (group, key, FALSE,
                                    /* Translators: %s is the value from the file;
                                     * “x86_64” and “aarch64” are keywords */
                                    _("“%s” is not an architecture Slipway knows: write "
                                      "“x86_64” or “aarch64” (ARM 64-bit), or leave it empty "
                                      "for the host’s own."),
                                    quoted));
}

static void
parse_cluster_group (GKeyFile    *keyfile,
                     SlipwaySpec *spec,
                     gboolean    *domain_set,
                     GPtrArray   *problems)
{
  g_auto(GStrv) keys = g_key_file_get_keys (keyfile, GROUP_CLUSTER, NULL, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      const char *key = keys[i];
      g_autofree char *value = NULL;

      if (!g_strv_contains (cluster_keys, key))
        {
          _slipway_keyfile_report_unknown_key (problems, GROUP_CLUSTER, key, cluster_keys);
          continue;
        }

      if (!_slipway_keyfile_check_duplicate (keyfile, GROUP_CLUSTER, key, seen, problems))
        continue;

      if (g_str_equal (key, KEY_SSH_KEYS))
        {
          char **list = _slipway_keyfile_get_list (keyfile, GROUP_CLUSTER, key, problems);

          if (list != NULL)
            {
              g_strfreev (spec->ssh_authorized_keys);
              spec->ssh_authorized_keys = list;
            }
          continue;
        }

      value = _slipway_keyfile_get_value_full (keyfile, GROUP_CLUSTER, key, TRUE, problems);
      if (value == NULL)
        continue;

      if (g_str_equal (key, KEY_NAME))
        {
          g_free (spec->name);
          spec->name = value[0] != '\0' ? g_steal_pointer (&value) : NULL;
        }
      else if (g_str_equal (key, KEY_DOMAIN))
        {
          g_free (spec->domain);
          spec->domain = value[0] != '\0' ? g_steal_pointer (&value) : NULL;
          *domain_set = spec->domain != NULL;
        }
      else if (g_str_equal (key, KEY_SUBNET))
        {
          g_free (spec->subnet);
          spec->subnet = value[0] != '\0' ? g_steal_pointer (&value) : NULL;
        }
      else if (g_str_equal (key, KEY_IMAGE))
        {
          g_free (spec->image);
          spec->image = value[0] != '\0' ? g_steal_pointer (&value) : NULL;
        }
      else if (g_str_equal (key, KEY_POOL))
        {
          g_free (spec->pool);
          spec->pool = value[0] != '\0' ? g_steal_pointer (&value) : NULL;
        }
      else if (g_str_equal (key, KEY_USER))
        {
          g_free (spec->user);
          spec->user = g_steal_pointer (&value);
        }
      else if (g_str_equal (key, KEY_PASSWORD_HASH))
        {
          g_free (spec->password_hash);
          spec->password_hash = value[0] != '\0' ? g_steal_pointer (&value) : NULL;
        }
      else if (g_str_equal (key, KEY_AUTOLOGIN) || g_str_equal (key, KEY_BASELINE))
        {
          g_autofree char *quoted = _slipway_spec_quote_value (value);
          gboolean autologin = g_str_equal (key, KEY_AUTOLOGIN);

          /* Empty: the default, off for the autologin, on for the baseline. */
          if (value[0] == '\0')
            {
              if (autologin)
                spec->console_autologin = FALSE;
              else
                spec->no_baseline = FALSE;
            }
          else if (g_ascii_strcasecmp (value, "false") == 0 || g_ascii_strcasecmp (value, "no") == 0)
            {
              if (autologin)
                spec->console_autologin = FALSE;
              else
                spec->no_baseline = TRUE;
            }
          else if (g_ascii_strcasecmp (value, "true") == 0 || g_ascii_strcasecmp (value, "yes") == 0)
            {
              if (autologin)
                spec->console_autologin = TRUE;
              else
                spec->no_baseline = FALSE;
            }
          else
            _slipway_spec_add_problem (problems,
                         slipway_problem_new (GROUP_CLUSTER, key, FALSE,
                                              /* Translators: %s is the value from the file;
                                               * “true” and “false” are keywords */
                                              _("“%s” is not a yes-or-no value: write “true” or "
                                                "“false”."),
                                              quoted));
        }
      else if (g_str_equal (key, KEY_NETWORK))
        {
          g_autofree char *quoted = _slipway_spec_quote_value (value);

          if (value[0] == '\0')
            spec->network = SLIPWAY_NETWORK_NAT;
          else if (!slipway_network_mode_from_string (value, &spec->network))
            _slipway_spec_add_problem (problems,
                         slipway_problem_new (GROUP_CLUSTER, key, FALSE,
                                              /* Translators: %s is the value from the file;
                                               * “nat” and “isolated” are keywords */
                                              _("“%s” is not a network mode: write “nat” (the "
                                                "nodes reach the internet through this computer) "
                                                "or “isolated” (they reach only each other and "
                                                "this computer)."),
                                              quoted));
        }
      else if (g_str_equal (key, KEY_ARCH))
        parse_arch (GROUP_CLUSTER, key, value, &spec->arch, problems);
      else if (g_str_equal (key, KEY_ACCELERATOR))
        {
          g_autofree char *quoted = _slipway_spec_quote_value (value);

          if (value[0] == '\0')
            spec->accelerator = SLIPWAY_ACCELERATOR_AUTO;
          else if (!slipway_accelerator_from_string (value, &spec->accelerator))
            _slipway_spec_add_problem (problems,
                         slipway_problem_new (GROUP_CLUSTER, key, FALSE,
                                              /* Translators: %s is the value from the file;
                                               * “auto”, “kvm” and “tcg” are keywords */
                                              _("“%s” is not an accelerator: write “auto” (KVM "
                                                "when it works, otherwise TCG), “kvm” or “tcg” "
                                                "(software emulation: slow, but works "
                                                "everywhere)."),
                                              quoted));
        }
      else if (g_str_equal (key, KEY_LOAD_BALANCER))
        {
          g_autofree char *quoted = _slipway_spec_quote_value (value);

          if (value[0] == '\0')
            spec->load_balancer = SLIPWAY_LOAD_BALANCER_HAPROXY;
          else if (!slipway_load_balancer_from_string (value, &spec->load_balancer))
            _slipway_spec_add_problem (problems,
                         slipway_problem_new (GROUP_CLUSTER, key, FALSE,
                                              /* Translators: %s is the value from the file;
                                               * “haproxy”, “ipvs” and “none” are keywords */
                                              _("“%s” is not a load balancer: write “haproxy” "
                                                "(HAProxy on the gateway), “ipvs” (the kernel "
                                                "balances a virtual IP address) or “none”."),
                                              quoted));
        }
      else
        g_assert_not_reached ();
    }
}

static void
parse_role_group (GKeyFile    *keyfile,
                  SlipwaySpec *spec,
                  SlipwayRole  role,
                  GPtrArray   *problems)
{
  const char *group = slipway_role_to_string (role);
  const SlipwayRoleSpec *defaults = &_slipway_spec_role_defaults[role];
  SlipwayRoleSpec *rs = &spec->roles[role];
  g_auto(GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      const char *key = keys[i];

      if (!g_strv_contains (role_keys, key))
        {
          _slipway_keyfile_report_unknown_key (problems, group, key, role_keys);
          continue;
        }

      if (!_slipway_keyfile_check_duplicate (keyfile, group, key, seen, problems))
        continue;

      if (g_str_equal (key, KEY_ARCH) || g_str_equal (key, KEY_IMAGE))
        {
          g_autofree char *value = _slipway_keyfile_get_value_full (keyfile, group, key, TRUE, problems);

          if (value == NULL)
            continue;
          if (g_str_equal (key, KEY_ARCH))
            parse_arch (group, key, value, &rs->arch, problems);
          else
            {
              g_free (rs->image);
              rs->image = value[0] != '\0' ? g_steal_pointer (&value) : NULL;
            }
        }
      else if (g_str_equal (key, KEY_COUNT))
        _slipway_keyfile_parse_count (keyfile, group, key, &rs->count, defaults->count, problems);
      else if (g_str_equal (key, KEY_VCPUS))
        _slipway_keyfile_parse_count (keyfile, group, key, &rs->vcpus, defaults->vcpus, problems);
      else if (g_str_equal (key, KEY_MEMORY))
        _slipway_keyfile_parse_size (keyfile, group, key, &rs->memory_bytes, defaults->memory_bytes, problems);
      else if (g_str_equal (key, KEY_DISK))
        _slipway_keyfile_parse_size (keyfile, group, key, &rs->disk_bytes, defaults->disk_bytes, problems);
      else
        g_assert_not_reached ();
    }
}

/**
 * slipway_spec_new_from_data:
 * @data: the text of a cluster file
 * @length: the length of @data, or -1 if it is nul-terminated
 * @problems: (nullable) (element-type SlipwayProblem): where to add what
 *   cannot be read
 *
 * Reads a cluster file. Keys left out take their defaults, and so do keys
 * whose value cannot be read, after a problem was added for them. Only the
 * form of the values is checked here: call slipway_spec_validate() for the
 * rest.
 *
 * Returns: (transfer full) (nullable): the spec, or %NULL if the file has
 *   syntax errors (each one is in @problems)
 */
SlipwaySpec *
slipway_spec_new_from_data (const char *data,
                            gssize      length,
                            GPtrArray  *problems)
{
  g_autoptr(GPtrArray) local_problems = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlipwaySpec) spec = NULL;
  g_auto(GStrv) groups = NULL;
  gboolean domain_set = FALSE;
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (problems == NULL)
    problems = local_problems = slipway_problems_new ();

  len = length < 0 ? strlen (data) : (gsize)length;

  /* Some editors start UTF-8 files with a byte order mark */
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      len -= 3;
    }

  if (!_slipway_keyfile_scan_syntax (data, len, problems))
    return NULL;

  keyfile = g_key_file_new ();
  if (!g_key_file_load_from_data (keyfile, len > 0 ? data : "", len, G_KEY_FILE_NONE, &error))
    {
      _slipway_spec_add_problem (problems,
                   slipway_problem_new (NULL, NULL, FALSE,
                                        /* Translators: %s is an error message from GLib */
                                        _("The file cannot be read: %s"),
                                        error->message));
      return NULL;
    }

  spec = slipway_spec_new_default ("");
  g_clear_pointer (&spec->name, g_free);
  g_clear_pointer (&spec->domain, g_free);

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *group = groups[i];
      SlipwayRole role;

      if (g_str_equal (group, GROUP_CLUSTER))
        parse_cluster_group (keyfile, spec, &domain_set, problems);
      else if (slipway_role_from_string (group, &role))
        parse_role_group (keyfile, spec, role, problems);
      else
        {
          static const char * const known_groups[] = {
            GROUP_CLUSTER, "gateway", "control", "worker", NULL
          };
          const char *suggestion = _slipway_spec_suggest_word (group, known_groups);

          if (suggestion != NULL)
            _slipway_spec_add_problem (problems,
                         slipway_problem_new (group, NULL, TRUE,
                                              /* Translators: %s is a group name */
                                              _("Unknown group, ignored: did you mean “[%s]”?"),
                                              suggestion));
          else
            _slipway_spec_add_problem (problems,
                         slipway_problem_new (group, NULL, TRUE,
                                              _("Unknown group, ignored: the groups are "
                                                "[cluster], [gateway], [control] and [worker].")));
        }
    }

  /* The domain follows the name unless the file sets it; from a name that
   * is not valid we derive nothing, and validation talks about the name. */
  if (!domain_set && slipway_is_valid_name (spec->name))
    spec->domain = g_strconcat (spec->name, DOMAIN_SUFFIX, NULL);

  return g_steal_pointer (&spec);
}

/* A relative image path is taken relative to @dir, "~/" as the home. */
static void
make_image_absolute (char       **image,
                     const char  *dir)
{
  char *absolute;

  if (*image == NULL || g_path_is_absolute (*image))
    return;

  if (g_str_has_prefix (*image, "~/"))
    absolute = g_build_filename (g_get_home_dir (), *image + 2, NULL);
  else
    {
      g_autofree char *abs_dir = g_canonicalize_filename (dir, NULL);

      absolute = g_canonicalize_filename (*image, abs_dir);
    }

  g_free (*image);
  *image = absolute;
}

/**
 * slipway_spec_new_from_file:
 * @path: a cluster file
 * @problems: (nullable) (element-type SlipwayProblem): where to add what
 *   cannot be read
 * @error: return location for an I/O error
 *
 * Like slipway_spec_new_from_data(), for a file. A relative image path (of
 * the cluster or of a role) is taken relative to the directory of the
 * file, and "~/" as the home directory, so that the spec holds absolute
 * paths.
 *
 * Returns: (transfer full) (nullable): the spec, or %NULL with @error set
 *   if the file cannot be read, or without @error if it has syntax errors
 */
SlipwaySpec *
slipway_spec_new_from_file (const char  *path,
                            GPtrArray   *problems,
                            GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  SlipwaySpec *spec;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  spec = slipway_spec_new_from_data (contents, length, problems);
  if (spec != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      make_image_absolute (&spec->image, dir);
      for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
        make_image_absolute (&spec->roles[r].image, dir);
    }

  return spec;
}
