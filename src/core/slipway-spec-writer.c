/* slipway-spec-writer.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slipway-size-private.h"
#include "slipway-spec.h"
#include "slipway-spec-private.h"

#define COMMENT_WIDTH       76

/* Word-wraps @text, translated, into "# " comment lines of @string. */
static void
append_comment (GString    *string,
                const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  gsize column = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      glong len = g_utf8_strlen (words[i], -1);

      if (words[i][0] == '\0')
        continue;

      if (column > 0 && column + 1 + len > COMMENT_WIDTH)
        {
          g_string_append_c (string, '\n');
          column = 0;
        }

      if (column == 0)
        {
          g_string_append (string, "# ");
          column = 2;
        }
      else
        {
          g_string_append_c (string, ' ');
          column++;
        }

      g_string_append (string, words[i]);
      column += len;
    }

  if (column > 0)
    g_string_append_c (string, '\n');
}

/* Writing */

/* GKeyFile's escaping, plus what it leaves out: trailing spaces (which
 * readers strip) and, in a list item, the ";" separator. */
static char *
escape_value (const char *value,
              gboolean    in_list)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *escaped = NULL;
  GString *out;
  gsize len;
  gsize n_trailing = 0;

  g_key_file_set_string (keyfile, "g", "k", value != NULL ? value : "");
  escaped = g_key_file_get_value (keyfile, "g", "k", NULL);

  len = strlen (escaped);
  while (n_trailing < len && escaped[len - n_trailing - 1] == ' ')
    n_trailing++;

  out = g_string_new (NULL);
  for (gsize i = 0; i < len - n_trailing; i++)
    {
      if (in_list && escaped[i] == ';')
        g_string_append (out, "\\;");
      else
        g_string_append_c (out, escaped[i]);
    }
  for (gsize i = 0; i < n_trailing; i++)
    g_string_append (out, "\\s");

  return g_string_free (out, FALSE);
}

static char *
escape_list (char **values)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_autofree char *item = escape_value (values[i], TRUE);

      if (i > 0)
        g_string_append_c (out, ';');
      g_string_append (out, item);
    }

  return g_string_free (out, FALSE);
}

/* With comments, keys are apart by a blank line, except the first one of
 * a group, which follows the group header. */
static void
append_key (GString    *out,
            gboolean    with_comments,
            gsize       group_end,
            const char *comment,
            const char *key,
            const char *escaped_value)
{
  if (with_comments)
    {
      if (out->len != group_end)
        g_string_append_c (out, '\n');
      append_comment (out, comment);
    }

  g_string_append_printf (out, "%s=%s\n", key, escaped_value);
}

static const char *
role_group_comment (SlipwayRole role)
{
  switch (role)
    {
    case SLIPWAY_ROLE_GATEWAY:
      return _("Gateway nodes: load balancers in front of the Kubernetes API servers. A single "
               "one is called “gateway”, several “gateway0”, “gateway1”…");

    case SLIPWAY_ROLE_CONTROL:
      return _("Control-plane nodes, called “control0”, “control1”…");

    case SLIPWAY_ROLE_WORKER:
      return _("Worker nodes, called “worker0”, “worker1”…");

    default:
      g_assert_not_reached ();
    }
}

/**
 * slipway_spec_to_data:
 * @spec: a spec
 * @with_comments: whether to explain every key in a comment
 *
 * Writes @spec as a cluster file with every key, so that
 * slipway_spec_new_from_data() gives an equal spec back. With comments, it
 * is the file `slipwayctl init` writes.
 *
 * Returns: (transfer full): the text of the file
 */
char *
slipway_spec_to_data (const SlipwaySpec *spec,
                      gboolean           with_comments)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *name = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *subnet = NULL;
  g_autofree char *image = NULL;
  g_autofree char *user = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *password_hash = NULL;
  g_autofree char *pool = NULL;
  g_autofree char *domain_comment = NULL;
  g_autofree char *example_domain = NULL;
  gsize group_end;

  g_return_val_if_fail (spec != NULL, NULL);

  out = g_string_new (NULL);
  name = escape_value (spec->name, FALSE);
  domain = escape_value (spec->domain, FALSE);
  subnet = escape_value (spec->subnet, FALSE);
  image = escape_value (spec->image, FALSE);
  user = escape_value (spec->user, FALSE);
  keys = escape_list (spec->ssh_authorized_keys);
  password_hash = escape_value (spec->password_hash, FALSE);
  pool = escape_value (spec->pool, FALSE);

  if (with_comments)
    {
      append_comment (out, _("Slipway cluster file."));
      g_string_append (out, "#\n");
      append_comment (out, _("Lines starting with “#” are comments. A key left out takes its "
                             "default value. Sizes are a number and a unit: B, KiB, MiB, GiB or "
                             "TiB; K, M, G and T are the same units, all in powers of 1024."));
      g_string_append_c (out, '\n');
    }

  example_domain = g_strconcat (slipway_is_valid_name (spec->name) ? spec->name : "lab",
                                DOMAIN_SUFFIX, NULL);
  /* Translators: %s is a domain, "lab.test" */
  domain_comment = g_strdup_printf (_("DNS domain of the nodes, for example “%s”: node names "
                                      "are like “control0.%s”. Names under “.test” never clash "
                                      "with real ones (RFC 6761)."),
                                    example_domain, example_domain);

  g_string_append (out, "[" GROUP_CLUSTER "]\n");
  group_end = out->len;
  append_key (out, with_comments, group_end,
              _("Name of the cluster: 1 to 40 lowercase letters, digits and hyphens. It is part "
                "of the names of its virtual machines and network in libvirt."),
              KEY_NAME, name);
  append_key (out, with_comments, group_end, domain_comment, KEY_DOMAIN, domain);
  append_key (out, with_comments, group_end,
              _("IPv4 subnet of the cluster network, such as “10.77.3.0/24”: a private range "
                "with a prefix length from /16 to /28. This computer is host 1 (“vmhost”), "
                "node N is host 10+N. Leave it empty to pick a free /24."),
              KEY_SUBNET, subnet);
  append_key (out, with_comments, group_end,
              _("“nat”: the nodes reach the internet through this computer. “isolated”: they "
                "reach only each other and this computer."),
              KEY_NETWORK, slipway_network_mode_to_string (spec->network));
  append_key (out, with_comments, group_end,
              _slipway_spec_str_empty (spec->image) && slipway_spec_uses_cluster_image (spec)
                ? _("Path of the cloud image every node starts from, with cloud-init, qcow2 or "
                    "raw, for example Debian 12’s “genericcloud” image. Required: set it before "
                    "creating the cluster.")
                : _("Path of the cloud image every node starts from, with cloud-init, qcow2 or "
                    "raw."),
              KEY_IMAGE, image);
  append_key (out, with_comments, group_end,
              _("Login name inside the nodes: the default cloud-init user of the image, "
                "“debian” for Debian images, “ubuntu” for Ubuntu ones."),
              KEY_USER, user);
  append_key (out, with_comments, group_end,
              _("More SSH public keys that may log in to the nodes, besides the cluster’s own "
                "key, separated by “;”. For example: ssh-ed25519 AAAAC3Nz… you@laptop"),
              KEY_SSH_KEYS, keys);
  append_key (out, with_comments, group_end,
              _("Virtualization: “kvm” (hardware, fast), “tcg” (software emulation, slow but "
                "works everywhere) or “auto” (KVM when it works, otherwise TCG)."),
              KEY_ACCELERATOR, slipway_accelerator_to_string (spec->accelerator));
  append_key (out, with_comments, group_end,
              _("Password of the login user, for the serial console only (SSH takes keys "
                "only): a SHA-512 crypt hash, never the password itself. Set it with "
                "“slipwayctl set-password FILE”. Empty: no password, the account is locked."),
              KEY_PASSWORD_HASH, password_hash);
  append_key (out, with_comments, group_end,
              _("“true”: the serial console logs the login user in by itself, without a "
                "password. “false”: it asks for the user and the password."),
              KEY_AUTOLOGIN, spec->console_autologin ? "true" : "false");
  append_key (out, with_comments, group_end,
              _("“true”: once every node is ready for the first time, Slipway saves a "
                "checkpoint named “baseline”, and Reset brings nodes back to it in seconds. "
                "“false”: no baseline; Reset rebuilds the nodes from the base image."),
              KEY_BASELINE, spec->no_baseline ? "false" : "true");
  append_key (out, with_comments, group_end,
              _("What balances the Kubernetes API (port 6443 of every control node) on the "
                "gateway: “haproxy” (HAProxy in TCP mode, on the gateway’s address), “ipvs” "
                "(the kernel’s IPVS with direct routing, on a virtual address of its own) or "
                "“none”. With no gateway or no control node it is “none”."),
              KEY_LOAD_BALANCER,
              slipway_load_balancer_to_string (slipway_spec_get_load_balancer (spec)));
  /* Written only when set: most clusters never need these. */
  if (spec->arch != SLIPWAY_ARCH_DEFAULT)
    append_key (out, with_comments, group_end,
                _("Architecture of the nodes: “x86_64” or “aarch64” (ARM 64-bit). One other than "
                  "the host’s is emulated, many times slower. Empty: the host’s own."),
                KEY_ARCH, slipway_arch_to_string (spec->arch));
  if (!_slipway_spec_str_empty (spec->pool))
    append_key (out, with_comments, group_end,
                _("The libvirt storage pool that holds the disks of the nodes and the base "
                  "image, instead of Slipway’s own pool “slipway”. It must exist and be "
                  "started: Slipway makes only its own."),
                KEY_POOL, pool);

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      const SlipwayRoleSpec *rs = &spec->roles[r];
      const SlipwayRoleSpec *defaults = &_slipway_spec_role_defaults[r];
      g_autofree char *count = g_strdup_printf ("%u", rs->count);
      g_autofree char *vcpus = g_strdup_printf ("%u", rs->vcpus);
      g_autofree char *memory = _slipway_format_size_exact (rs->memory_bytes);
      g_autofree char *disk = _slipway_format_size_exact (rs->disk_bytes);
      g_autofree char *default_memory = _slipway_format_size_exact (defaults->memory_bytes);
      g_autofree char *default_disk = _slipway_format_size_exact (defaults->disk_bytes);
      g_autofree char *count_comment = NULL;
      g_autofree char *vcpus_comment = NULL;
      g_autofree char *memory_comment = NULL;
      g_autofree char *disk_comment = NULL;

      g_string_append_c (out, '\n');

      if (with_comments)
        {
          append_comment (out, role_group_comment (r));

          /* Translators: %u is the default number of nodes */
          count_comment = g_strdup_printf (_("Number of nodes, 0 or more (default %u)."),
                                           defaults->count);
          /* Translators: %u is the default number of virtual CPUs */
          vcpus_comment = g_strdup_printf (_("Virtual CPUs of each node, 1 to 256 (default %u)."),
                                           defaults->vcpus);
          /* Translators: %s is the default size, "2GiB" */
          memory_comment = g_strdup_printf (_("Memory of each node, at least 256MiB (default %s)."),
                                            default_memory);
          /* Translators: %s is the default size, "20GiB" */
          disk_comment = g_strdup_printf (_("Disk size of each node, at least 1GiB (default %s). "
                                            "The disk is an overlay on the image: it takes space "
                                            "only as the node writes to it."),
                                          default_disk);
        }

      g_string_append_printf (out, "[%s]\n", slipway_role_to_string (r));
      group_end = out->len;
      append_key (out, with_comments, group_end, count_comment, KEY_COUNT, count);
      append_key (out, with_comments, group_end, vcpus_comment, KEY_VCPUS, vcpus);
      append_key (out, with_comments, group_end, memory_comment, KEY_MEMORY, memory);
      append_key (out, with_comments, group_end, disk_comment, KEY_DISK, disk);
      /* Written only when set: a lab of one architecture never needs them. */
      if (rs->arch != SLIPWAY_ARCH_DEFAULT)
        append_key (out, with_comments, group_end,
                    _("Architecture of this role’s nodes, instead of the cluster’s “arch”: "
                      "“x86_64” or “aarch64”. Give them an “image” of that architecture too."),
                    KEY_ARCH, slipway_arch_to_string (rs->arch));
      if (!_slipway_spec_str_empty (rs->image))
        {
          g_autofree char *role_image = escape_value (rs->image, FALSE);

          append_key (out, with_comments, group_end,
                      _("Path of the cloud image this role’s nodes start from, instead of the "
                        "cluster’s “image”."),
                      KEY_IMAGE, role_image);
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * slipway_spec_save:
 * @spec: a spec
 * @path: where to write it
 * @error: return location for an I/O error
 *
 * Writes @spec with comments to @path, atomically.
 *
 * Returns: %TRUE on success
 */
gboolean
slipway_spec_save (const SlipwaySpec  *spec,
                   const char         *path,
                   GError            **error)
{
  g_autofree char *data = NULL;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = slipway_spec_to_data (spec, TRUE);

  return g_file_set_contents (path, data, -1, error);
}

