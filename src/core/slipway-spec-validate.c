/* slipway-spec-validate.c
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
#include "slipway-password.h"
#include "slipway-problem.h"
#include "slipway-size.h"
#include "slipway-spec.h"
#include "slipway-spec-private.h"

#define NAME_MAX_LENGTH     40
#define DOMAIN_MAX_LENGTH   200     /* leaves room for "worker243." in a 253-byte FQDN */
#define LOGIN_MAX_LENGTH    32

/* Names */

/**
 * slipway_is_valid_name:
 * @name: a cluster name
 *
 * A cluster name is 1 to 40 lower-case ASCII letters, digits and hyphens,
 * neither starting nor ending with a hyphen: a valid DNS label, part of
 * libvirt names ("lab-control0", "slipway-lab") and of file names.
 *
 * Returns: %TRUE if @name can name a cluster
 */
gboolean
slipway_is_valid_name (const char *name)
{
  gsize len;

  if (name == NULL)
    return FALSE;

  len = strlen (name);
  if (len == 0 || len > NAME_MAX_LENGTH)
    return FALSE;

  if (name[0] == '-' || name[len - 1] == '-')
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
        return FALSE;
    }

  return TRUE;
}

/**
 * slipway_suggest_cluster_name:
 * @taken: (nullable) (array zero-terminated=1): the names of the clusters
 *   that exist already
 *
 * A name for a new cluster: "lab", else "lab2", "lab3"…, the first that
 * is not in @taken.
 *
 * Returns: (transfer full): a valid cluster name not in @taken
 */
char *
slipway_suggest_cluster_name (const char * const *taken)
{
  for (guint n = 1; ; n++)
    {
      g_autofree char *candidate = n == 1 ? g_strdup ("lab") : g_strdup_printf ("lab%u", n);

      if (taken == NULL || !g_strv_contains (taken, candidate))
        return g_steal_pointer (&candidate);
    }
}

/* A valid name close to @name ("My Lab" → "my-lab"), or NULL. */
static char *
suggest_name (const char *name)
{
  GString *out = g_string_new (NULL);
  g_autofree char *result = NULL;

  /* Only case and separators are fixed: dropping "ä" from "läb" or cutting
   * a long name would suggest a name nobody chose. */
  for (const char *p = name; *p != '\0'; p++)
    {
      char c = g_ascii_tolower (*p);

      if (g_ascii_islower (c) || g_ascii_isdigit (c))
        g_string_append_c (out, c);
      else if (c == '-' || c == '_' || c == ' ' || c == '.')
        {
          if (out->len > 0 && out->str[out->len - 1] != '-')
            g_string_append_c (out, '-');
        }
      else
        {
          g_string_free (out, TRUE);
          return NULL;
        }
    }

  while (out->len > 0 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);

  result = g_string_free (out, FALSE);
  if (!slipway_is_valid_name (result) || g_str_equal (result, name))
    return NULL;

  return g_steal_pointer (&result);
}

static gboolean
is_valid_domain (const char *domain)
{
  g_auto(GStrv) labels = NULL;
  gboolean last_numeric = TRUE;

  if (_slipway_spec_str_empty (domain) || strlen (domain) > DOMAIN_MAX_LENGTH)
    return FALSE;

  labels = g_strsplit (domain, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      const char *label = labels[i];
      gsize len = strlen (label);

      if (len == 0 || len > 63 || label[0] == '-' || label[len - 1] == '-')
        return FALSE;

      last_numeric = TRUE;
      for (const char *p = label; *p != '\0'; p++)
        {
          if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
            return FALSE;
          if (!g_ascii_isdigit (*p))
            last_numeric = FALSE;
        }
    }

  /* "10.0.0.1" is an address, not a domain */
  return !last_numeric;
}

/* Debian's adduser rule (NAME_REGEX) without the "$" of machine accounts. */
static gboolean
is_valid_login (const char *user)
{
  gsize len = strlen (user);

  if (len == 0 || len > LOGIN_MAX_LENGTH)
    return FALSE;

  if (!g_ascii_islower (user[0]) && user[0] != '_')
    return FALSE;

  for (const char *p = user; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' && *p != '-')
        return FALSE;
    }

  return TRUE;
}

/* Validation */

/* What is wrong with @name as a cluster name, or NULL if nothing is. */
static char *
dup_name_problem (const char *name)
{
  g_autofree char *quoted = NULL;
  g_autofree char *suggestion = NULL;

  if (_slipway_spec_str_empty (name))
    return g_strdup (_("The cluster has no name: write a short name of lowercase letters, "
                       "digits and hyphens, for example “lab”."));

  if (slipway_is_valid_name (name))
    return NULL;

  quoted = _slipway_spec_quote_value (name);
  suggestion = suggest_name (name);

  if (strlen (name) > NAME_MAX_LENGTH && suggestion == NULL)
    {
      glong n_chars = g_utf8_strlen (name, -1);

      /* Only too long, or also with other mistakes: the length is what
       * to fix first either way. */
      return g_strdup_printf (/* Translators: %s is the start of the name from the
                               * file, the first %u its length, the second the
                               * maximum length */
                              g_dngettext (GETTEXT_PACKAGE,
                                           "“%s” is %u character long, and a cluster "
                                           "name has at most %u, as it becomes part of "
                                           "host and libvirt names: write a shorter "
                                           "name.",
                                           "“%s” is %u characters long, and a cluster "
                                           "name has at most %u, as it becomes part of "
                                           "host and libvirt names: write a shorter "
                                           "name.",
                                           (gulong)n_chars),
                              quoted, (guint)n_chars, (guint)NAME_MAX_LENGTH);
    }

  if (suggestion != NULL)
    return g_strdup_printf (/* Translators: the first %s is the name from the file,
                             * the second a valid name made from it */
                            _("“%s” is not a valid cluster name: it becomes part of "
                              "host and libvirt names, so use 1 to 40 lowercase "
                              "letters, digits and hyphens, not starting or ending "
                              "with a hyphen, for example “%s”."),
                            quoted, suggestion);

  return g_strdup_printf (/* Translators: %s is the name from the file */
                          _("“%s” is not a valid cluster name: it becomes part of "
                            "host and libvirt names, so use 1 to 40 lowercase "
                            "letters, digits and hyphens, not starting or ending "
                            "with a hyphen, for example “lab”."),
                          quoted);
}

/**
 * slipway_check_cluster_name:
 * @name: (nullable): a cluster name, as a user typed it
 * @error: return location for a #GError, or %NULL
 *
 * Checks @name the way slipway_spec_validate() checks the name of a
 * cluster file, for commands that take a cluster name.
 *
 * Returns: %TRUE if @name can name a cluster; otherwise %FALSE with
 *   %SLIPWAY_ERROR_INVALID_SPEC saying what is wrong, and maybe a valid
 *   name close to it
 */
gboolean
slipway_check_cluster_name (const char  *name,
                            GError     **error)
{
  g_autofree char *message = dup_name_problem (name);

  if (message == NULL)
    return TRUE;

  g_set_error_literal (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC, message);
  return FALSE;
}

static void
validate_name (const SlipwaySpec *spec,
               GPtrArray         *problems)
{
  g_autofree char *message = dup_name_problem (spec->name);

  if (message != NULL)
    _slipway_spec_add_problem (problems,
                               slipway_problem_new (GROUP_CLUSTER, KEY_NAME, FALSE, "%s", message));
}

static void
validate_domain (const SlipwaySpec *spec,
                 GPtrArray         *problems)
{
  g_autofree char *example = NULL;
  g_autofree char *quoted = NULL;

  if (slipway_is_valid_name (spec->name))
    example = g_strconcat (spec->name, DOMAIN_SUFFIX, NULL);
  else
    example = g_strdup ("lab" DOMAIN_SUFFIX);

  if (_slipway_spec_str_empty (spec->domain))
    {
      /* Reading a file derives the domain from a valid name; a missing or
       * bad name is reported already. */
      if (slipway_is_valid_name (spec->name))
        _slipway_spec_add_problem (problems,
                     slipway_problem_new (GROUP_CLUSTER, KEY_DOMAIN, FALSE,
                                          /* Translators: %s is an example domain */
                                          _("The cluster has no DNS domain: write one, for "
                                            "example “%s”."),
                                          example));
      return;
    }

  quoted = _slipway_spec_quote_value (spec->domain);

  if (!is_valid_domain (spec->domain))
    {
      _slipway_spec_add_problem (problems,
                   slipway_problem_new (GROUP_CLUSTER, KEY_DOMAIN, FALSE,
                                        /* Translators: the first %s is the domain from the
                                         * file, the second an example */
                                        _("“%s” is not a valid DNS domain: write labels of 1 to "
                                          "63 lowercase letters, digits and hyphens, separated "
                                          "by dots, for example “%s” (names under “.test” never "
                                          "clash with real ones)."),
                                        quoted, example));
      return;
    }

  if (g_str_has_suffix (spec->domain, ".local") || g_str_equal (spec->domain, "local"))
    _slipway_spec_add_problem (problems,
                 slipway_problem_new (GROUP_CLUSTER, KEY_DOMAIN, TRUE,
                                      /* Translators: the first %s is the domain from the file,
                                       * the second an example */
                                      _("“%s” ends in “.local”, which belongs to multicast DNS: "
                                        "this computer may not resolve the node names. Use for "
                                        "example “%s”."),
                                      quoted, example));
}

static void
validate_subnet (const SlipwaySpec *spec,
                 gboolean          *subnet_ok,
                 guint32           *network,
                 guint             *prefix,
                 GPtrArray         *problems)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *quoted = NULL;
  guint32 reserved_network;
  guint reserved_prefix;
  const char *reserved;

  *subnet_ok = FALSE;

  if (_slipway_spec_str_empty (spec->subnet))
    return;

  quoted = _slipway_spec_quote_value (spec->subnet);

  if (!slipway_ipv4_parse_cidr (spec->subnet, network, prefix, &error))
    {
      _slipway_spec_add_problem (problems,
                   slipway_problem_new (GROUP_CLUSTER, KEY_SUBNET, FALSE, "%s", error->message));
      return;
    }

  if (*prefix < 16 || *prefix > 28)
    {
      if (*prefix < 16)
        _slipway_spec_add_problem (problems,
                     slipway_problem_new (GROUP_CLUSTER, KEY_SUBNET, FALSE,
                                          /* Translators: %s is the subnet from the file */
                                          _("“%s” is too large: use a prefix length from /16 to "
                                            "/28, usually /24."),
                                          quoted));
      else
        _slipway_spec_add_problem (problems,
                     slipway_problem_new (GROUP_CLUSTER, KEY_SUBNET, FALSE,
                                          /* Translators: %s is the subnet from the file */
                                          _("“%s” is too small: use a prefix length from /16 to "
                                            "/28, usually /24."),
                                          quoted));
      return;
    }

  if (!slipway_ipv4_is_private (*network, *prefix))
    {
      _slipway_spec_add_problem (problems,
                   slipway_problem_new (GROUP_CLUSTER, KEY_SUBNET, FALSE,
                                        /* Translators: %s is the subnet from the file */
                                        _("“%s” is not a private range: use a subnet of "
                                          "10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 "
                                          "(RFC 1918), or leave “subnet” empty to pick a free "
                                          "one."),
                                        quoted));
      return;
    }

  *subnet_ok = TRUE;

  reserved = slipway_ipv4_find_reserved (*network, *prefix, &reserved_network, &reserved_prefix);
  if (reserved != NULL)
    {
      g_autofree char *reserved_str = slipway_ipv4_to_string (reserved_network);

      _slipway_spec_add_problem (problems,
                   slipway_problem_new (GROUP_CLUSTER, KEY_SUBNET, TRUE,
                                        /* Translators: the first %s is the subnet from the
                                         * file, then an address and prefix length ("10.96.0.0",
                                         * 12) and what uses that range, e.g. "the default
                                         * service range of kubeadm" */
                                        _("“%s” overlaps %s/%u, %s: if the lab uses that range "
                                          "for pods or services, they clash with the nodes. "
                                          "Pick another subnet, or leave “subnet” empty."),
                                        quoted, reserved_str, reserved_prefix, reserved));
    }
}

/* The cluster's image is needed unless every role with nodes has its own. */
static void
validate_image (const SlipwaySpec *spec,
                GPtrArray         *problems)
{
  if (!_slipway_spec_str_empty (spec->image) || !slipway_spec_uses_cluster_image (spec))
    return;

  _slipway_spec_add_problem (problems,
               slipway_problem_new (GROUP_CLUSTER, KEY_IMAGE, FALSE,
                                    _("No base image is set: write the path of a cloud image "
                                      "with cloud-init (qcow2 or raw), for example Debian 12’s "
                                      "“genericcloud” image.")));
}

/* A pool name as virsh takes it on a command line without quoting. */
static void
validate_pool (const SlipwaySpec *spec,
               GPtrArray         *problems)
{
  gboolean ok = spec->pool == NULL || (strlen (spec->pool) <= 64 && spec->pool[0] != '-');
  g_autofree char *quoted = NULL;

  for (const char *p = spec->pool; ok && p != NULL && *p != '\0'; p++)
    ok = g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.';
  if (ok)
    return;
  quoted = _slipway_spec_quote_value (spec->pool);
  _slipway_spec_add_problem (problems,
               slipway_problem_new (GROUP_CLUSTER, KEY_POOL, FALSE,
                                    /* Translators: %s is the value from the file */
                                    _("“%s” is not a storage pool name Slipway takes: write 1 "
                                      "to 64 letters, digits, “.”, “-” or “_”, or leave it out."),
                                    quoted));
}

static void
validate_user (const SlipwaySpec *spec,
               GPtrArray         *problems)
{
  g_autofree char *quoted = NULL;

  if (_slipway_spec_str_empty (spec->user))
    {
      _slipway_spec_add_problem (problems,
                   slipway_problem_new (GROUP_CLUSTER, KEY_USER, FALSE,
                                        _("No login user is set: write the default user of the "
                                          "image, for example “debian” for Debian images.")));
      return;
    }

  quoted = _slipway_spec_quote_value (spec->user);

  if (!is_valid_login (spec->user))
    _slipway_spec_add_problem (problems,
                 slipway_problem_new (GROUP_CLUSTER, KEY_USER, FALSE,
                                      /* Translators: %s is the user name from the file */
                                      _("“%s” is not a valid login name: use up to 32 lowercase "
                                        "letters, digits, “_” and “-”, starting with a letter or "
                                        "“_”, for example “debian”."),
                                      quoted));
  else if (g_str_equal (spec->user, "root"))
    _slipway_spec_add_problem (problems,
                 slipway_problem_new (GROUP_CLUSTER, KEY_USER, FALSE,
                                      _("“root” cannot be the login user: cloud-init turns "
                                        "away SSH logins as root. Use the default user of the "
                                        "image, for example “debian”, which can use sudo.")));
}

static void
validate_password_hash (const SlipwaySpec *spec,
                        GPtrArray         *problems)
{
  if (_slipway_spec_str_empty (spec->password_hash) || slipway_password_hash_is_valid (spec->password_hash))
    return;

  /* Never quote the value: it may well be a password typed in clear. */
  _slipway_spec_add_problem (problems,
               slipway_problem_new (GROUP_CLUSTER, KEY_PASSWORD_HASH, FALSE,
                                    _("This is not a password hash. The file holds only a "
                                      "SHA-512 crypt hash (“$6$…”), never the password itself: "
                                      "set it with “slipwayctl set-password FILE”, or write "
                                      "the output of “mkpasswd -m sha-512”.")));
}

static void
validate_role (const SlipwaySpec *spec,
               SlipwayRole        role,
               GPtrArray         *problems)
{
  const SlipwayRoleSpec *rs = &spec->roles[role];
  const char *group = slipway_role_to_string (role);

  if (rs->vcpus == 0)
    _slipway_spec_add_problem (problems,
                 slipway_problem_new (group, KEY_VCPUS, FALSE,
                                      _("A node needs at least one virtual CPU: write 1 or "
                                        "more.")));
  else if (rs->vcpus > MAX_VCPUS)
    _slipway_spec_add_problem (problems,
                 slipway_problem_new (group, KEY_VCPUS, FALSE,
                                      /* Translators: the first %u is the value from the file,
                                       * the second the maximum */
                                      _("“%u” is too many: a node has at most %u virtual CPUs."),
                                      rs->vcpus, MAX_VCPUS));

  _slipway_spec_validate_sizes (rs, group, problems);
}

static void
validate_node_count (const SlipwaySpec *spec,
                     gboolean           subnet_ok,
                     guint32            network,
                     guint              prefix,
                     GPtrArray         *problems)
{
  guint64 total = 0;
  guint n_nodes;
  guint capacity;

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    total += spec->roles[r].count;
  n_nodes = (guint)MIN (total, (guint64)G_MAXUINT);

  if (total == 0)
    {
      _slipway_spec_add_problem (problems,
                   slipway_problem_new (NULL, NULL, FALSE,
                                        _("The cluster has no nodes: set “count” to 1 or more in "
                                          "[control] or [worker].")));
      return;
    }

  if (total > SLIPWAY_MAX_NODES)
    {
      _slipway_spec_add_problem (problems,
                   slipway_problem_new (NULL, NULL, FALSE,
                                        /* Translators: the first number is the number of nodes
                                         * in the file, the second the maximum (244) */
                                        g_dngettext (GETTEXT_PACKAGE,
                                                     "The cluster has %u node, more than the %u "
                                                     "a cluster can have: lower the “count” "
                                                     "values.",
                                                     "The cluster has %u nodes, more than the %u "
                                                     "a cluster can have: lower the “count” "
                                                     "values.",
                                                     n_nodes),
                                        n_nodes, (guint)SLIPWAY_MAX_NODES));
      return;
    }

  if (!subnet_ok)
    return;

  capacity = slipway_ipv4_max_nodes (prefix);
  if (total > capacity)
    {
      g_autofree char *quoted = _slipway_spec_quote_value (spec->subnet);
      g_autofree char *larger = NULL;
      guint larger_prefix = prefix;

      while (larger_prefix > 16 && slipway_ipv4_max_nodes (larger_prefix) < total)
        larger_prefix--;
      {
        guint32 mask = larger_prefix == 0 ? 0 : G_MAXUINT32 << (32 - larger_prefix);
        g_autofree char *address = slipway_ipv4_to_string (network & mask);

        larger = g_strdup_printf ("%s/%u", address, larger_prefix);
      }

      _slipway_spec_add_problem (problems,
                   slipway_problem_new (GROUP_CLUSTER, KEY_SUBNET, FALSE,
                                        /* Translators: the first %s is the subnet from the
                                         * file, %u the number of nodes that fit in it, the
                                         * number after it the nodes of the cluster, the last
                                         * %s a larger subnet */
                                        g_dngettext (GETTEXT_PACKAGE,
                                                     "“%s” has room for %u nodes besides the "
                                                     "host and DHCP addresses, and the cluster "
                                                     "has %u node: use a larger subnet such as "
                                                     "“%s”, or fewer nodes.",
                                                     "“%s” has room for %u nodes besides the "
                                                     "host and DHCP addresses, and the cluster "
                                                     "has %u nodes: use a larger subnet such as "
                                                     "“%s”, or fewer nodes.",
                                                     n_nodes),
                                        quoted, capacity, n_nodes, larger));
    }
}

static guint validation_count;

guint
_slipway_spec_get_validation_count (void)
{
  return g_atomic_int_get (&validation_count);
}

/**
 * slipway_spec_validate:
 * @spec: a spec
 * @problems: (element-type SlipwayProblem): where to add the problems
 *
 * Adds what makes @spec unusable (errors) or doubtful (warnings), each with
 * its group and key and a sentence saying how to fix it. Facts about the
 * host (free subnets, the image file, memory) are checked by
 * slipway_host_info_check_spec().
 */
void
slipway_spec_validate (const SlipwaySpec *spec,
                       GPtrArray         *problems)
{
  gboolean subnet_ok = FALSE;
  guint32 network = 0;
  guint prefix = 0;

  g_return_if_fail (spec != NULL);
  g_return_if_fail (problems != NULL);

  g_atomic_int_inc (&validation_count);
  validate_name (spec, problems);
  validate_domain (spec, problems);
  validate_subnet (spec, &subnet_ok, &network, &prefix, problems);
  validate_image (spec, problems);
  validate_pool (spec, problems);
  validate_user (spec, problems);
  _slipway_spec_validate_ssh_keys (spec, problems);
  validate_password_hash (spec, problems);

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    validate_role (spec, (SlipwayRole)r, problems);

  validate_node_count (spec, subnet_ok, network, prefix, problems);
}
