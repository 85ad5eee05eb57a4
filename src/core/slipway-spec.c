/* slipway-spec.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slipway.h"

/* The cluster file is a GKeyFile written by people. Reading it happens in
 * two steps: slipway_spec_new_from_data() turns text into values and reports
 * what cannot be read at all (syntax, unknown keys, "8Q" as a size), then
 * slipway_spec_validate() reports values that are well-formed but unusable.
 * A value that fails the first step keeps its default, so the second step
 * never reports the same mistake twice.
 */

#define NAME_MAX_LENGTH     40
#define DOMAIN_MAX_LENGTH   200     /* leaves room for "worker243." in a 253-byte FQDN */
#define LOGIN_MAX_LENGTH    32
#define MIN_MEMORY          (G_GUINT64_CONSTANT (256) << 20)
#define MIN_DISK            (G_GUINT64_CONSTANT (1) << 30)
#define MAX_VCPUS           256
#define QUOTE_MAX_CHARS     40
#define COMMENT_WIDTH       76

#define GROUP_CLUSTER       "cluster"
#define KEY_NAME            "name"
#define KEY_DOMAIN          "domain"
#define KEY_SUBNET          "subnet"
#define KEY_NETWORK         "network"
#define KEY_IMAGE           "image"
#define KEY_USER            "user"
#define KEY_SSH_KEYS        "ssh-authorized-keys"
#define KEY_ACCELERATOR     "accelerator"
#define KEY_PASSWORD_HASH   "password-hash"
#define KEY_AUTOLOGIN       "console-autologin"
#define KEY_COUNT           "count"
#define KEY_VCPUS           "vcpus"
#define KEY_MEMORY          "memory"
#define KEY_DISK            "disk"

#define DEFAULT_USER        "debian"
#define DOMAIN_SUFFIX       ".test"

static const char * const cluster_keys[] = {
  KEY_NAME, KEY_DOMAIN, KEY_SUBNET, KEY_NETWORK, KEY_IMAGE, KEY_USER, KEY_SSH_KEYS,
  KEY_ACCELERATOR, KEY_PASSWORD_HASH, KEY_AUTOLOGIN, NULL
};

static const char * const role_keys[] = {
  KEY_COUNT, KEY_VCPUS, KEY_MEMORY, KEY_DISK, NULL
};

static const char * const role_names[SLIPWAY_N_ROLES] = {
  "gateway", "control", "worker",
};

static const SlipwayRoleSpec role_defaults[SLIPWAY_N_ROLES] = {
  { 1, 2, G_GUINT64_CONSTANT (2) << 30, G_GUINT64_CONSTANT (20) << 30 },
  { 3, 2, G_GUINT64_CONSTANT (2) << 30, G_GUINT64_CONSTANT (20) << 30 },
  { 3, 4, G_GUINT64_CONSTANT (8) << 30, G_GUINT64_CONSTANT (20) << 30 },
};

/* Words people are likely to write instead of ours: "did you mean" hints
 * that an edit distance would not find. */
static const struct {
  const char *wrong;
  const char *right;
} synonyms[] = {
  { "cpu", KEY_VCPUS },
  { "cpus", KEY_VCPUS },
  { "cores", KEY_VCPUS },
  { "ram", KEY_MEMORY },
  { "mem", KEY_MEMORY },
  { "disk-size", KEY_DISK },
  { "size", KEY_DISK },
  { "nodes", KEY_COUNT },
  { "replicas", KEY_COUNT },
  { "cidr", KEY_SUBNET },
  { "network-cidr", KEY_SUBNET },
  { "authorized-keys", KEY_SSH_KEYS },
  { "ssh-keys", KEY_SSH_KEYS },
  { "ssh-key", KEY_SSH_KEYS },
  { "username", KEY_USER },
  { "login", KEY_USER },
  { "base-image", KEY_IMAGE },
  { "accel", KEY_ACCELERATOR },
  { "password", KEY_PASSWORD_HASH },
  { "passwd", KEY_PASSWORD_HASH },
  { "hashed-password", KEY_PASSWORD_HASH },
  { "autologin", KEY_AUTOLOGIN },
  { "hypervisor", KEY_ACCELERATOR },
  { "master", "control" },
  { "masters", "control" },
  { "controller", "control" },
  { "controllers", "control" },
  { "control-plane", "control" },
  { "controlplane", "control" },
  { "lb", "gateway" },
  { "loadbalancer", "gateway" },
  { "load-balancer", "gateway" },
  { "node", "worker" },
  { "nodes", "worker" },
};

G_DEFINE_BOXED_TYPE (SlipwaySpec, slipway_spec, slipway_spec_copy, slipway_spec_free)
G_DEFINE_BOXED_TYPE (SlipwayProblem, slipway_problem, slipway_problem_copy, slipway_problem_free)

/* Small helpers */

static gboolean
str_empty (const char *str)
{
  return str == NULL || str[0] == '\0';
}

/* The value as it goes into a message: cut to QUOTE_MAX_CHARS characters,
 * with an ellipsis, and made valid UTF-8. */
static char *
quote_value (const char *value)
{
  g_autofree char *valid = NULL;
  g_autofree char *head = NULL;
  const char *end;

  if (value == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (value, -1);
  if (g_utf8_strlen (valid, -1) <= QUOTE_MAX_CHARS)
    return g_steal_pointer (&valid);

  end = g_utf8_offset_to_pointer (valid, QUOTE_MAX_CHARS - 1);
  head = g_strndup (valid, end - valid);
  return g_strconcat (head, "…", NULL);
}

static gboolean
strv_contains (const char * const *strv,
               const char         *str)
{
  return strv != NULL && g_strv_contains (strv, str);
}

/* Optimal string alignment distance: Levenshtein plus transpositions, so
 * that "memroy" is one edit away from "memory". */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);
  g_autofree guint *d = g_new0 (guint, (la + 1) * (lb + 1));
  guint result;

#define D(i, j) d[(i) * (lb + 1) + (j)]
  for (gsize i = 0; i <= la; i++)
    D (i, 0) = i;
  for (gsize j = 0; j <= lb; j++)
    D (0, j) = j;

  for (gsize i = 1; i <= la; i++)
    {
      for (gsize j = 1; j <= lb; j++)
        {
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          guint best = MIN (D (i - 1, j) + 1, D (i, j - 1) + 1);

          best = MIN (best, D (i - 1, j - 1) + cost);
          if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
            best = MIN (best, D (i - 2, j - 2) + 1);
          D (i, j) = best;
        }
    }

  result = D (la, lb);
#undef D

  return result;
}

/* Lower case, '_' and ' ' as '-': how we compare a word to our names. */
static char *
normalize_word (const char *word)
{
  char *norm = g_ascii_strdown (word, -1);

  g_strstrip (norm);
  for (char *p = norm; *p != '\0'; p++)
    {
      if (*p == '_' || *p == ' ')
        *p = '-';
    }

  return norm;
}

static const char *
suggest_word (const char         *word,
              const char * const *candidates)
{
  g_autofree char *norm = normalize_word (word);
  const char *best = NULL;
  guint best_distance = G_MAXUINT;

  for (guint i = 0; i < G_N_ELEMENTS (synonyms); i++)
    {
      if (g_str_equal (norm, synonyms[i].wrong) &&
          strv_contains (candidates, synonyms[i].right))
        return synonyms[i].right;
    }

  for (guint i = 0; candidates[i] != NULL; i++)
    {
      guint distance = edit_distance (norm, candidates[i]);
      /* Two edits for long words, one for short ones: "cpus" is close to
       * "vcpus", but "dns" is not close to "disk". */
      guint allowed = strlen (candidates[i]) > 5 ? 2 : 1;

      if (distance <= allowed && distance < best_distance)
        {
          best = candidates[i];
          best_distance = distance;
        }
    }

  return best;
}

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

/* Names and values */

const char *
slipway_role_to_string (SlipwayRole role)
{
  g_return_val_if_fail ((guint)role < SLIPWAY_N_ROLES, NULL);

  return role_names[role];
}

gboolean
slipway_role_from_string (const char  *str,
                          SlipwayRole *role)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < SLIPWAY_N_ROLES; i++)
    {
      if (g_str_equal (str, role_names[i]))
        {
          if (role != NULL)
            *role = (SlipwayRole)i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
slipway_role_get_title (SlipwayRole role)
{
  switch (role)
    {
    case SLIPWAY_ROLE_GATEWAY:
      /* Translators: a role of virtual machines: the load balancer in front
       * of the Kubernetes API servers. Used as a title for a group of tabs. */
      return C_("role", "Gateway");

    case SLIPWAY_ROLE_CONTROL:
      /* Translators: a role of virtual machines: the Kubernetes control
       * plane. Used as a title for a group of tabs. */
      return C_("role", "Control plane");

    case SLIPWAY_ROLE_WORKER:
      /* Translators: a role of virtual machines: Kubernetes worker nodes.
       * Used as a title for a group of tabs. */
      return C_("role", "Workers");

    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
slipway_network_mode_to_string (SlipwayNetworkMode mode)
{
  switch (mode)
    {
    case SLIPWAY_NETWORK_NAT:
      return "nat";

    case SLIPWAY_NETWORK_ISOLATED:
      return "isolated";

    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
slipway_network_mode_from_string (const char         *str,
                                  SlipwayNetworkMode *mode)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = SLIPWAY_NETWORK_NAT; i <= SLIPWAY_NETWORK_ISOLATED; i++)
    {
      if (g_ascii_strcasecmp (str, slipway_network_mode_to_string (i)) == 0)
        {
          if (mode != NULL)
            *mode = (SlipwayNetworkMode)i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
slipway_accelerator_to_string (SlipwayAccelerator accel)
{
  switch (accel)
    {
    case SLIPWAY_ACCELERATOR_AUTO:
      return "auto";

    case SLIPWAY_ACCELERATOR_KVM:
      return "kvm";

    case SLIPWAY_ACCELERATOR_TCG:
      return "tcg";

    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
slipway_accelerator_from_string (const char         *str,
                                 SlipwayAccelerator *accel)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = SLIPWAY_ACCELERATOR_AUTO; i <= SLIPWAY_ACCELERATOR_TCG; i++)
    {
      if (g_ascii_strcasecmp (str, slipway_accelerator_to_string (i)) == 0)
        {
          if (accel != NULL)
            *accel = (SlipwayAccelerator)i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Sizes. Every unit is a power of 1024, as in qemu-img and libvirt's "G":
 * "K", "Ki" and "KiB" (any case) are all 1024 bytes. "KB", "MB", "GB"
 * and "TB" are refused, because libvirt reads them as powers of 1000 and
 * people read them either way. */

typedef enum
{
  SIZE_OK,
  SIZE_INVALID,
  SIZE_NO_UNIT,
  SIZE_AMBIGUOUS_UNIT,
  SIZE_TOO_LARGE,
} SizeStatus;

static SizeStatus
parse_size_full (const char *str,
                 guint64    *bytes)
{
  static const struct {
    const char *suffix;
    guint       shift;
  } units[] = {
    { "b", 0 },
    { "k", 10 }, { "ki", 10 }, { "kib", 10 },
    { "m", 20 }, { "mi", 20 }, { "mib", 20 },
    { "g", 30 }, { "gi", 30 }, { "gib", 30 },
    { "t", 40 }, { "ti", 40 }, { "tib", 40 },
  };
  g_autofree char *copy = g_strstrip (g_strdup (str));
  const char *p = copy;
  const char *int_start;
  const char *frac_start = NULL;
  gsize int_len;
  gsize frac_len = 0;
  g_autofree char *int_part = NULL;
  g_autofree char *unit = NULL;
  guint64 whole;
  guint64 multiplier = 0;
  guint64 result;

  int_start = p;
  while (g_ascii_isdigit (*p))
    p++;
  int_len = p - int_start;
  if (int_len == 0)
    return SIZE_INVALID;

  if (*p == '.')
    {
      p++;
      frac_start = p;
      while (g_ascii_isdigit (*p))
        p++;
      frac_len = p - frac_start;
      if (frac_len == 0)
        return SIZE_INVALID;
    }

  while (*p == ' ' || *p == '\t')
    p++;

  if (*p == '\0')
    return SIZE_NO_UNIT;

  unit = g_ascii_strdown (p, -1);
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (g_str_equal (unit, units[i].suffix))
        {
          multiplier = G_GUINT64_CONSTANT (1) << units[i].shift;
          break;
        }
    }

  if (multiplier == 0)
    {
      if (g_str_equal (unit, "kb") || g_str_equal (unit, "mb") ||
          g_str_equal (unit, "gb") || g_str_equal (unit, "tb"))
        return SIZE_AMBIGUOUS_UNIT;
      return SIZE_INVALID;
    }

  if (int_len > 20)
    return SIZE_TOO_LARGE;

  int_part = g_strndup (int_start, int_len);
  whole = g_ascii_strtoull (int_part, NULL, 10);
  if (whole == G_MAXUINT64 || whole > G_MAXUINT64 / multiplier)
    return SIZE_TOO_LARGE;
  result = whole * multiplier;

  if (frac_start != NULL)
    {
      /* Up to 9 decimals are enough for any unit up to TiB: a double holds
       * the fraction of the unit exactly enough, and we round to a byte. */
      g_autofree char *frac = g_strndup (frac_start, MIN (frac_len, 9));
      double fraction = g_ascii_strtod (frac, NULL);
      guint64 extra;

      for (gsize i = 0; i < MIN (frac_len, 9); i++)
        fraction /= 10.0;
      extra = (guint64)(fraction * (double)multiplier + 0.5);

      if (multiplier == 1 && extra != 0)
        return SIZE_INVALID;
      if (result > G_MAXUINT64 - extra)
        return SIZE_TOO_LARGE;
      result += extra;
    }

  if (bytes != NULL)
    *bytes = result;

  return SIZE_OK;
}

/**
 * slipway_parse_size:
 * @str: a size such as "2GiB", "512M" or "1.5G"
 * @bytes: (out) (optional): the size in bytes
 *
 * Parses a size with a binary unit: B, K/Ki/KiB, M/Mi/MiB, G/Gi/GiB or
 * T/Ti/TiB, in any case, with an optional space before it. "G" means GiB,
 * as in qemu-img and libvirt. A number without a unit, and the ambiguous
 * KB/MB/GB/TB, are refused.
 *
 * Returns: %TRUE if @str is a size
 */
gboolean
slipway_parse_size (const char *str,
                    guint64    *bytes)
{
  g_return_val_if_fail (str != NULL, FALSE);

  return parse_size_full (str, bytes) == SIZE_OK;
}

static const char * const size_units[] = { "B", "KiB", "MiB", "GiB", "TiB" };

/* The largest unit that divides @bytes exactly: what the cluster file gets,
 * so that saving and reading again gives the same number. */
static char *
format_size_exact (guint64 bytes)
{
  guint unit = 0;

  if (bytes != 0)
    {
      while (unit + 1 < G_N_ELEMENTS (size_units) && (bytes & 1023) == 0)
        {
          bytes >>= 10;
          unit++;
        }
    }

  return g_strdup_printf ("%" G_GUINT64_FORMAT "%s", bytes, size_units[unit]);
}

/**
 * slipway_format_size:
 * @bytes: a size
 *
 * Formats a size for people, in the syntax slipway_parse_size() reads, in
 * the largest unit that fits: exact when that unit divides @bytes ("2GiB",
 * "512MiB"), otherwise with one decimal ("1.5GiB", "15.6GiB"). Cluster
 * files are written with exact sizes ("1536MiB") instead.
 *
 * Returns: (transfer full): the size as text
 */
char *
slipway_format_size (guint64 bytes)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  guint unit = 0;

  if (bytes < 1024 || (bytes & 1023) == 0)
    {
      g_autofree char *exact = format_size_exact (bytes);
      guint64 scaled = bytes;

      /* "1048576KiB" is exact but unreadable; keep the exact form only
       * when it is short. */
      while (scaled >= 1024 && unit + 1 < G_N_ELEMENTS (size_units))
        {
          scaled >>= 10;
          unit++;
        }
      if (g_str_has_suffix (exact, size_units[unit]))
        return g_steal_pointer (&exact);
    }

  unit = 0;
  {
    double value = (double)bytes;

    while (value >= 1024.0 && unit + 1 < G_N_ELEMENTS (size_units))
      {
        value /= 1024.0;
        unit++;
      }

    g_ascii_formatd (buffer, sizeof buffer, "%.1f", value);
  }

  return g_strconcat (buffer, size_units[unit], NULL);
}

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

  if (str_empty (domain) || strlen (domain) > DOMAIN_MAX_LENGTH)
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

/* SSH keys */

typedef enum
{
  SSH_KEY_OK,
  SSH_KEY_PRIVATE,
  SSH_KEY_PATH,
  SSH_KEY_NOT_A_KEY,
  SSH_KEY_DAMAGED,
} SshKeyStatus;

static gboolean
is_known_key_type (const char *type)
{
  return g_str_equal (type, "ssh-ed25519") ||
         g_str_equal (type, "ssh-rsa") ||
         (g_str_has_prefix (type, "ecdsa-sha2-") && type[strlen ("ecdsa-sha2-")] != '\0') ||
         (g_str_has_prefix (type, "sk-") && type[strlen ("sk-")] != '\0');
}

static guint32
read_be32 (const guchar *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | (guint32)p[3];
}

/* A public key line is "TYPE BASE64 [COMMENT]", and the decoded BASE64
 * starts with TYPE again as an SSH string (32-bit big-endian length, then
 * the bytes). Checking that catches keys cut short when pasting. */
static SshKeyStatus
check_ssh_key (const char *key)
{
  g_auto(GStrv) fields = NULL;
  g_autofree guchar *blob = NULL;
  const char *type = NULL;
  const char *data = NULL;
  gsize data_len;
  gsize blob_len = 0;
  guint32 type_len;
  guint32 second_len = 0;
  guint n_strings = 0;

  if (strstr (key, "PRIVATE KEY") != NULL)
    return SSH_KEY_PRIVATE;

  if (strchr (key, ' ') == NULL && strchr (key, '\t') == NULL &&
      (key[0] == '/' || key[0] == '~' || key[0] == '.' || g_str_has_suffix (key, ".pub")))
    return SSH_KEY_PATH;

  fields = g_strsplit_set (key, " \t", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (fields[i][0] == '\0')
        continue;
      if (type == NULL)
        type = fields[i];
      else
        {
          data = fields[i];
          break;
        }
    }

  if (type == NULL || !is_known_key_type (type))
    return SSH_KEY_NOT_A_KEY;

  if (data == NULL)
    return SSH_KEY_DAMAGED;

  data_len = strlen (data);
  if (data_len % 4 != 0 || strspn (data, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                         "0123456789+/=") != data_len)
    return SSH_KEY_DAMAGED;

  blob = g_base64_decode (data, &blob_len);
  if (blob_len < 4)
    return SSH_KEY_DAMAGED;

  type_len = read_be32 (blob);
  if (type_len != strlen (type) || blob_len < 4 + (gsize)type_len ||
      memcmp (blob + 4, type, type_len) != 0)
    return SSH_KEY_DAMAGED;

  /* Every public key blob is a sequence of SSH strings (and mpints, which
   * have the same framing) that fills it exactly: the type, then at least
   * one more. A key cut short breaks the framing. */
  for (gsize pos = 0; pos < blob_len; n_strings++)
    {
      guint32 len;

      if (blob_len - pos < 4)
        return SSH_KEY_DAMAGED;
      len = read_be32 (blob + pos);
      pos += 4;
      if (len > blob_len - pos)
        return SSH_KEY_DAMAGED;
      if (n_strings == 1)
        second_len = len;
      pos += len;
    }

  if (n_strings < 2)
    return SSH_KEY_DAMAGED;

  if (g_str_equal (type, "ssh-ed25519") && second_len != 32)
    return SSH_KEY_DAMAGED;

  return SSH_KEY_OK;
}

/* Problems */

/**
 * slipway_problem_new:
 * @group: (nullable): the group, or %NULL for the whole file
 * @key: (nullable): the key in @group, or %NULL
 * @is_warning: %TRUE when the spec stays usable
 * @format: printf format of the message, translated
 *
 * Returns: (transfer full): a new problem
 */
SlipwayProblem *
slipway_problem_new (const char *group,
                     const char *key,
                     gboolean    is_warning,
                     const char *format,
                     ...)
{
  SlipwayProblem *problem;
  va_list args;

  g_return_val_if_fail (format != NULL, NULL);
  g_return_val_if_fail (key == NULL || group != NULL, NULL);

  problem = g_new0 (SlipwayProblem, 1);
  problem->group = g_strdup (group);
  problem->key = g_strdup (key);
  problem->is_warning = !!is_warning;

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  return problem;
}

SlipwayProblem *
slipway_problem_copy (const SlipwayProblem *problem)
{
  SlipwayProblem *copy;

  g_return_val_if_fail (problem != NULL, NULL);

  copy = g_new0 (SlipwayProblem, 1);
  copy->group = g_strdup (problem->group);
  copy->key = g_strdup (problem->key);
  copy->message = g_strdup (problem->message);
  copy->is_warning = problem->is_warning;

  return copy;
}

void
slipway_problem_free (SlipwayProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->group);
  g_free (problem->key);
  g_free (problem->message);
  g_free (problem);
}

/**
 * slipway_problem_to_string:
 * @problem: a problem
 *
 * Returns: (transfer full): "[group] key: message", "[group] message" or
 *   just the message when the problem is about the whole file
 */
char *
slipway_problem_to_string (const SlipwayProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->group == NULL)
    return g_strdup (problem->message);

  if (problem->key == NULL)
    return g_strdup_printf ("[%s] %s", problem->group, problem->message);

  return g_strdup_printf ("[%s] %s: %s", problem->group, problem->key, problem->message);
}

/**
 * slipway_problems_new:
 *
 * Returns: (transfer full) (element-type SlipwayProblem): an empty array
 *   that frees its problems
 */
GPtrArray *
slipway_problems_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)slipway_problem_free);
}

gboolean
slipway_problems_has_errors (GPtrArray *problems)
{
  if (problems == NULL)
    return FALSE;

  for (guint i = 0; i < problems->len; i++)
    {
      const SlipwayProblem *problem = g_ptr_array_index (problems, i);

      if (!problem->is_warning)
        return TRUE;
    }

  return FALSE;
}

/**
 * slipway_problems_to_error:
 * @problems: (nullable) (element-type SlipwayProblem): problems
 * @source: (nullable): what the problems are about, such as a file name
 * @error: return location for a %SLIPWAY_ERROR_INVALID_SPEC error
 *
 * When @problems holds at least one error, sets @error to a message made of
 * "@source:" and every problem on its own line, errors first, then warnings
 * (marked as such), and returns %FALSE. Warnings alone are no error.
 *
 * Returns: %FALSE if @problems holds an error
 */
gboolean
slipway_problems_to_error (GPtrArray   *problems,
                           const char  *source,
                           GError     **error)
{
  g_autoptr(GString) message = NULL;

  if (!slipway_problems_has_errors (problems))
    return TRUE;

  message = g_string_new (NULL);
  if (source != NULL)
    g_string_append_printf (message, "%s:", source);

  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < problems->len; i++)
        {
          const SlipwayProblem *problem = g_ptr_array_index (problems, i);
          g_autofree char *line = NULL;

          if (problem->is_warning != (pass == 1))
            continue;

          line = slipway_problem_to_string (problem);
          if (message->len > 0)
            g_string_append_c (message, '\n');

          if (problem->is_warning)
            /* Translators: a line in a list of problems of a cluster file;
             * %s is the problem, "[worker] memory: …" */
            g_string_append_printf (message, _("warning: %s"), line);
          else
            g_string_append (message, line);
        }
    }

  g_set_error_literal (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC, message->str);

  return FALSE;
}

static void
add_problem (GPtrArray      *problems,
             SlipwayProblem *problem)
{
  g_ptr_array_add (problems, problem);
}

/* Specs */

/**
 * slipway_spec_new_default:
 * @name: the cluster name
 *
 * The default topology of DESIGN.md: one gateway, three control-plane
 * nodes and three workers, in domain "@name.test", on a subnet picked when
 * the cluster is created. The image is left unset.
 *
 * Returns: (transfer full): a new spec
 */
SlipwaySpec *
slipway_spec_new_default (const char *name)
{
  SlipwaySpec *spec;

  g_return_val_if_fail (name != NULL, NULL);

  spec = g_new0 (SlipwaySpec, 1);
  spec->name = g_strdup (name);
  spec->domain = g_strconcat (name, DOMAIN_SUFFIX, NULL);
  spec->subnet = NULL;
  spec->network = SLIPWAY_NETWORK_NAT;
  spec->image = NULL;
  spec->user = g_strdup (DEFAULT_USER);
  spec->ssh_authorized_keys = g_new0 (char *, 1);
  spec->accelerator = SLIPWAY_ACCELERATOR_AUTO;
  memcpy (spec->roles, role_defaults, sizeof role_defaults);

  return spec;
}

SlipwaySpec *
slipway_spec_copy (const SlipwaySpec *spec)
{
  SlipwaySpec *copy;

  g_return_val_if_fail (spec != NULL, NULL);

  copy = g_new0 (SlipwaySpec, 1);
  *copy = *spec;
  copy->name = g_strdup (spec->name);
  copy->domain = g_strdup (spec->domain);
  copy->subnet = g_strdup (spec->subnet);
  copy->image = g_strdup (spec->image);
  copy->user = g_strdup (spec->user);
  copy->password_hash = g_strdup (spec->password_hash);
  copy->ssh_authorized_keys = spec->ssh_authorized_keys != NULL
    ? g_strdupv (spec->ssh_authorized_keys)
    : g_new0 (char *, 1);

  return copy;
}

void
slipway_spec_free (SlipwaySpec *spec)
{
  if (spec == NULL)
    return;

  g_free (spec->name);
  g_free (spec->domain);
  g_free (spec->subnet);
  g_free (spec->image);
  g_free (spec->user);
  g_free (spec->password_hash);
  g_strfreev (spec->ssh_authorized_keys);
  g_free (spec);
}

/* NULL and "" mean the same in a spec: "not set". */
static gboolean
optional_str_equal (const char *a,
                    const char *b)
{
  if (str_empty (a) || str_empty (b))
    return str_empty (a) && str_empty (b);

  return g_str_equal (a, b);
}

static guint
strv_length0 (char **strv)
{
  return strv != NULL ? g_strv_length (strv) : 0;
}

gboolean
slipway_spec_equal (const SlipwaySpec *a,
                    const SlipwaySpec *b)
{
  guint n_keys;

  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (!optional_str_equal (a->name, b->name) ||
      !optional_str_equal (a->domain, b->domain) ||
      !optional_str_equal (a->subnet, b->subnet) ||
      !optional_str_equal (a->image, b->image) ||
      !optional_str_equal (a->user, b->user) ||
      !optional_str_equal (a->password_hash, b->password_hash) ||
      a->network != b->network ||
      a->accelerator != b->accelerator ||
      !a->console_autologin != !b->console_autologin)
    return FALSE;

  n_keys = strv_length0 (a->ssh_authorized_keys);
  if (n_keys != strv_length0 (b->ssh_authorized_keys))
    return FALSE;
  for (guint i = 0; i < n_keys; i++)
    {
      if (!g_str_equal (a->ssh_authorized_keys[i], b->ssh_authorized_keys[i]))
        return FALSE;
    }

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      if (a->roles[r].count != b->roles[r].count ||
          a->roles[r].vcpus != b->roles[r].vcpus ||
          a->roles[r].memory_bytes != b->roles[r].memory_bytes ||
          a->roles[r].disk_bytes != b->roles[r].disk_bytes)
        return FALSE;
    }

  return TRUE;
}

/**
 * slipway_spec_get_n_nodes:
 * @spec: a spec
 *
 * Returns: the number of nodes of all roles (at most %G_MAXUINT)
 */
guint
slipway_spec_get_n_nodes (const SlipwaySpec *spec)
{
  guint64 total = 0;

  g_return_val_if_fail (spec != NULL, 0);

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    total += spec->roles[r].count;

  return (guint)MIN (total, (guint64)G_MAXUINT);
}

/* Reading */

/* Looks for what GKeyFile would refuse, line by line, because GKeyFile's own
 * error neither says on which line nor how to fix it. Returns FALSE when
 * the file cannot be loaded. */
static gboolean
scan_syntax (const char *data,
             gsize       length,
             GPtrArray  *problems)
{
  const char *p = data;
  const char *end = data + length;
  gboolean in_group = FALSE;
  gboolean ok = TRUE;
  guint line_number = 0;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol != NULL ? eol : end;
      g_autofree char *line = NULL;
      g_autofree char *quoted = NULL;
      char *stripped;

      line_number++;

      if (!g_utf8_validate (p, line_end - p, NULL))
        {
          add_problem (problems,
                       slipway_problem_new (NULL, NULL, FALSE,
                                            /* Translators: %u is a line number */
                                            _("Line %u is not valid UTF-8 text: save the file "
                                              "in the UTF-8 encoding."),
                                            line_number));
          ok = FALSE;
          p = line_end + 1;
          continue;
        }

      line = g_strndup (p, line_end - p);
      p = line_end + 1;
      stripped = g_strstrip (line);
      quoted = quote_value (stripped);

      if (stripped[0] == '\0' || stripped[0] == '#')
        continue;

      if (stripped[0] == '[')
        {
          gsize len = strlen (stripped);

          if (len < 3 || stripped[len - 1] != ']' ||
              strpbrk (stripped + 1, "[]") != stripped + len - 1)
            {
              add_problem (problems,
                           slipway_problem_new (NULL, NULL, FALSE,
                                                /* Translators: %u is a line number, %s the line */
                                                _("Line %u: “%s” is not a group header: write the "
                                                  "group name between brackets on a line of its "
                                                  "own, for example “[worker]”."),
                                                line_number, quoted));
              ok = FALSE;
            }
          else
            in_group = TRUE;
          continue;
        }

      if (strchr (stripped, '=') == NULL)
        {
          add_problem (problems,
                       slipway_problem_new (NULL, NULL, FALSE,
                                            /* Translators: %u is a line number, %s the line */
                                            _("Line %u: “%s” is neither a “key=value” line, a "
                                              "“[group]” header nor a comment: add the missing "
                                              "“=” and value, or put “#” in front of it to make "
                                              "it a comment."),
                                            line_number, quoted));
          ok = FALSE;
          continue;
        }

      if (stripped[0] == '=')
        {
          add_problem (problems,
                       slipway_problem_new (NULL, NULL, FALSE,
                                            /* Translators: %u is a line number, %s the line */
                                            _("Line %u: “%s” has no key before “=”: write it as "
                                              "“key=value”, for example “memory=2GiB”."),
                                            line_number, quoted));
          ok = FALSE;
          continue;
        }

      if (!in_group)
        {
          add_problem (problems,
                       slipway_problem_new (NULL, NULL, FALSE,
                                            /* Translators: %u is a line number, %s the line */
                                            _("Line %u: “%s” comes before any group: put it "
                                              "below a group header such as “[cluster]”."),
                                            line_number, quoted));
          ok = FALSE;
        }
    }

  return ok;
}

/* GKeyFile's unescaping of one value ("\\s", "\\t", "\\\\"...). For a bad
 * escape GKeyFile returns the text as it is *and* an error: FALSE then. */
static gboolean
unescape_value (const char  *raw,
                char       **value)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  char *unescaped;

  g_key_file_set_value (keyfile, "g", "k", raw);
  unescaped = g_key_file_get_string (keyfile, "g", "k", &error);
  if (error != NULL)
    {
      g_free (unescaped);
      *value = NULL;
      return FALSE;
    }

  *value = unescaped;

  return TRUE;
}

static void
report_bad_escape (GPtrArray  *problems,
                   const char *group,
                   const char *key,
                   const char *raw)
{
  g_autofree char *quoted = quote_value (raw);

  add_problem (problems,
               slipway_problem_new (group, key, FALSE,
                                    /* Translators: %s is a value from the file; “\\\\”
                                     * shows as two backslashes, keep it */
                                    _("“%s” has a backslash that is not an escape: write "
                                      "“\\\\” for each backslash."),
                                    quoted));
}

/* The value of @key without the blanks around it, which nobody sees in a
 * file, then unescaped: "\\s" keeps a space that matters. On a bad escape,
 * a problem is added and the result is NULL, or with @keep_literal the value
 * as written, so that a required string such as the image is not also
 * reported missing. */
static char *
get_value_full (GKeyFile   *keyfile,
                const char *group,
                const char *key,
                gboolean    keep_literal,
                GPtrArray  *problems)
{
  g_autofree char *raw = g_key_file_get_value (keyfile, group, key, NULL);
  char *value = NULL;

  if (raw == NULL)
    return NULL;

  g_strstrip (raw);
  if (unescape_value (raw, &value))
    return value;

  report_bad_escape (problems, group, key, raw);

  return keep_literal ? g_steal_pointer (&raw) : NULL;
}

/* A ";"-separated list, as GKeyFile writes it ("\\;" is a ";" inside an
 * item), with blanks around items ignored and empty items dropped. */
static char **
get_list (GKeyFile   *keyfile,
          const char *group,
          const char *key,
          GPtrArray  *problems)
{
  g_autofree char *raw = g_key_file_get_value (keyfile, group, key, NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) item = g_string_new (NULL);

  if (raw == NULL)
    return NULL;

  for (const char *p = raw; ; p++)
    {
      if (*p == '\\' && p[1] == ';')
        {
          g_string_append_c (item, ';');
          p++;
        }
      else if (*p == '\\' && p[1] != '\0')
        {
          g_string_append_c (item, p[0]);
          g_string_append_c (item, p[1]);
          p++;
        }
      else if (*p == ';' || *p == '\0')
        {
          char *value = NULL;

          g_strstrip (item->str);
          if (item->str[0] != '\0')
            {
              if (!unescape_value (item->str, &value))
                {
                  report_bad_escape (problems, group, key, g_strstrip (raw));
                  return NULL;
                }
              g_ptr_array_add (items, value);
            }
          g_string_truncate (item, 0);

          if (*p == '\0')
            break;
        }
      else
        g_string_append_c (item, *p);
    }

  g_ptr_array_add (items, NULL);

  return (char **)g_ptr_array_free (g_steal_pointer (&items), FALSE);
}

static char *
get_value (GKeyFile   *keyfile,
           const char *group,
           const char *key,
           GPtrArray  *problems)
{
  return get_value_full (keyfile, group, key, FALSE, problems);
}

static void
parse_count_like (GKeyFile        *keyfile,
                  const char      *group,
                  const char      *key,
                  guint           *out,
                  guint            default_value,
                  GPtrArray       *problems)
{
  g_autofree char *value = get_value (keyfile, group, key, problems);
  g_autofree char *quoted = NULL;
  const char *p;
  gint64 number;

  if (value == NULL)
    return;

  quoted = quote_value (value);

  if (value[0] == '\0')
    {
      add_problem (problems,
                   slipway_problem_new (group, key, FALSE,
                                        /* Translators: %u is the default value */
                                        _("The value is empty: write a whole number such as "
                                          "“%u”, or remove the line to use the default."),
                                        default_value));
      return;
    }

  p = value[0] == '-' || value[0] == '+' ? value + 1 : value;
  if (p[0] == '\0' || strspn (p, "0123456789") != strlen (p))
    {
      add_problem (problems,
                   slipway_problem_new (group, key, FALSE,
                                        /* Translators: %s is the value from the file,
                                         * %u an example */
                                        _("“%s” is not a whole number: write digits only, for "
                                          "example “%u”."),
                                        quoted, default_value));
      return;
    }

  if (value[0] == '-')
    {
      if (g_str_equal (key, KEY_COUNT))
        add_problem (problems,
                     slipway_problem_new (group, key, FALSE,
                                          /* Translators: %s is the value from the file */
                                          _("“%s” is negative: write 0 for no such nodes, or a "
                                            "positive number."),
                                          quoted));
      else
        add_problem (problems,
                     slipway_problem_new (group, key, FALSE,
                                          /* Translators: %s is the value from the file */
                                          _("“%s” is negative: write a positive number."),
                                          quoted));
      return;
    }

  if (!g_ascii_string_to_signed (p, 10, 0, G_MAXUINT, &number, NULL))
    {
      if (g_str_equal (key, KEY_COUNT))
        add_problem (problems,
                     slipway_problem_new (group, key, FALSE,
                                          /* Translators: %s is the value from the file, %u
                                           * the most nodes a cluster can have */
                                          _("“%s” is far too large: a cluster has at most %u "
                                            "nodes."),
                                          quoted, (guint)SLIPWAY_MAX_NODES));
      else
        add_problem (problems,
                     slipway_problem_new (group, key, FALSE,
                                          /* Translators: %s is the value from the file, %u
                                           * the most virtual CPUs of a node */
                                          _("“%s” is far too large: a node has at most %u "
                                            "virtual CPUs."),
                                          quoted, (guint)MAX_VCPUS));
      return;
    }

  *out = (guint)number;
}

/* An example of a size for messages: the number the user wrote with a unit,
 * when there is one, so that "8Q" suggests "8GiB". */
static char *
size_example (const char *value,
              guint64     default_bytes)
{
  gsize digits = strspn (value, "0123456789");

  if (digits > 0 && digits <= 4)
    {
      guint number = (guint)g_ascii_strtoull (value, NULL, 10);

      if (number > 0)
        return g_strdup_printf ("%u%s", number, number <= 64 ? "GiB" : "MiB");
    }

  return format_size_exact (default_bytes);
}

static void
parse_size_key (GKeyFile   *keyfile,
                const char *group,
                const char *key,
                guint64    *out,
                guint64     default_bytes,
                GPtrArray  *problems)
{
  g_autofree char *value = get_value (keyfile, group, key, problems);
  g_autofree char *quoted = NULL;
  g_autofree char *example = NULL;
  guint64 bytes = 0;

  if (value == NULL)
    return;

  quoted = quote_value (value);
  example = size_example (value, default_bytes);

  if (value[0] == '\0')
    {
      add_problem (problems,
                   slipway_problem_new (group, key, FALSE,
                                        /* Translators: %s is an example size, "2GiB" */
                                        _("The value is empty: write a size such as “%s”, or "
                                          "remove the line to use the default."),
                                        example));
      return;
    }

  switch (parse_size_full (value, &bytes))
    {
    case SIZE_OK:
      *out = bytes;
      break;

    case SIZE_NO_UNIT:
      add_problem (problems,
                   slipway_problem_new (group, key, FALSE,
                                        /* Translators: the first %s is the value from the
                                         * file, the second an example size, "8GiB" */
                                        _("“%s” has no unit: write a number and a unit, for "
                                          "example “%s”."),
                                        quoted, example));
      break;

    case SIZE_AMBIGUOUS_UNIT:
      {
        g_autofree char *number = g_strndup (value, strcspn (value, "kKmMgGtT \t"));
        g_autofree char *unit = g_ascii_strup (value + strcspn (value, "kKmMgGtT"), 1);

        add_problem (problems,
                     slipway_problem_new (group, key, FALSE,
                                          /* Translators: the first %s is the value from the
                                           * file ("20GB"), then a number ("20") and a letter
                                           * ("G") to build the suggested size "20GiB" */
                                          _("“%s” is ambiguous: libvirt counts “%sB” in powers of "
                                            "1000, most people in powers of 1024. Write “%s%siB” "
                                            "for a size in powers of 1024."),
                                          quoted, unit, number, unit));
      }
      break;

    case SIZE_TOO_LARGE:
      add_problem (problems,
                   slipway_problem_new (group, key, FALSE,
                                        /* Translators: %s is the value from the file */
                                        _("“%s” is far too large."),
                                        quoted));
      break;

    case SIZE_INVALID:
    default:
      add_problem (problems,
                   slipway_problem_new (group, key, FALSE,
                                        /* Translators: the first %s is the value from the file,
                                         * the second an example size, "8GiB" */
                                        _("“%s” is not a size: write a number and a unit, for "
                                          "example “%s”."),
                                        quoted, example));
      break;
    }
}

static void
report_unknown_key (GPtrArray          *problems,
                    const char         *group,
                    const char         *key,
                    const char * const *known)
{
  const char *suggestion = suggest_word (key, known);

  if (suggestion != NULL)
    add_problem (problems,
                 slipway_problem_new (group, key, TRUE,
                                      /* Translators: %s is a key name, such as “memory” */
                                      _("Unknown key, ignored: did you mean “%s”?"),
                                      suggestion));
  else
    {
      g_autofree char *list = g_strjoinv (", ", (char **)known);

      add_problem (problems,
                   slipway_problem_new (group, key, TRUE,
                                        /* Translators: %s is a list of key names */
                                        _("Unknown key, ignored: the keys of this group are %s."),
                                        list));
    }
}

/* GKeyFile lists a key twice when the file sets it twice, and keeps the
 * last value: say so once, and read the key once. */
static gboolean
check_duplicate (GKeyFile   *keyfile,
                 const char *group,
                 const char *key,
                 GHashTable *seen,
                 GPtrArray  *problems)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (seen, key)) + 1;
  g_autofree char *raw = NULL;
  g_autofree char *quoted = NULL;

  g_hash_table_insert (seen, (gpointer)key, GUINT_TO_POINTER (count));
  if (count == 1)
    return TRUE;
  if (count > 2)
    return FALSE;

  raw = g_key_file_get_value (keyfile, group, key, NULL);
  quoted = quote_value (raw != NULL ? g_strstrip (raw) : NULL);
  add_problem (problems,
               slipway_problem_new (group, key, TRUE,
                                    /* Translators: %s is the value from the file */
                                    _("The key is set more than once and only the last value, "
                                      "“%s”, counts: remove the other lines."),
                                    quoted));

  return FALSE;
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
          report_unknown_key (problems, GROUP_CLUSTER, key, cluster_keys);
          continue;
        }

      if (!check_duplicate (keyfile, GROUP_CLUSTER, key, seen, problems))
        continue;

      if (g_str_equal (key, KEY_SSH_KEYS))
        {
          char **list = get_list (keyfile, GROUP_CLUSTER, key, problems);

          if (list != NULL)
            {
              g_strfreev (spec->ssh_authorized_keys);
              spec->ssh_authorized_keys = list;
            }
          continue;
        }

      value = get_value_full (keyfile, GROUP_CLUSTER, key, TRUE, problems);
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
      else if (g_str_equal (key, KEY_AUTOLOGIN))
        {
          g_autofree char *quoted = quote_value (value);

          if (value[0] == '\0' || g_ascii_strcasecmp (value, "false") == 0 ||
              g_ascii_strcasecmp (value, "no") == 0)
            spec->console_autologin = FALSE;
          else if (g_ascii_strcasecmp (value, "true") == 0 ||
                   g_ascii_strcasecmp (value, "yes") == 0)
            spec->console_autologin = TRUE;
          else
            add_problem (problems,
                         slipway_problem_new (GROUP_CLUSTER, key, FALSE,
                                              /* Translators: %s is the value from the file;
                                               * “true” and “false” are keywords */
                                              _("“%s” is not a yes-or-no value: write “true” or "
                                                "“false”."),
                                              quoted));
        }
      else if (g_str_equal (key, KEY_NETWORK))
        {
          g_autofree char *quoted = quote_value (value);

          if (value[0] == '\0')
            spec->network = SLIPWAY_NETWORK_NAT;
          else if (!slipway_network_mode_from_string (value, &spec->network))
            add_problem (problems,
                         slipway_problem_new (GROUP_CLUSTER, key, FALSE,
                                              /* Translators: %s is the value from the file;
                                               * “nat” and “isolated” are keywords */
                                              _("“%s” is not a network mode: write “nat” (the "
                                                "nodes reach the internet through this computer) "
                                                "or “isolated” (they reach only each other and "
                                                "this computer)."),
                                              quoted));
        }
      else if (g_str_equal (key, KEY_ACCELERATOR))
        {
          g_autofree char *quoted = quote_value (value);

          if (value[0] == '\0')
            spec->accelerator = SLIPWAY_ACCELERATOR_AUTO;
          else if (!slipway_accelerator_from_string (value, &spec->accelerator))
            add_problem (problems,
                         slipway_problem_new (GROUP_CLUSTER, key, FALSE,
                                              /* Translators: %s is the value from the file;
                                               * “auto”, “kvm” and “tcg” are keywords */
                                              _("“%s” is not an accelerator: write “auto” (KVM "
                                                "when it works, otherwise TCG), “kvm” or “tcg” "
                                                "(software emulation: slow, but works "
                                                "everywhere)."),
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
  const char *group = role_names[role];
  const SlipwayRoleSpec *defaults = &role_defaults[role];
  SlipwayRoleSpec *rs = &spec->roles[role];
  g_auto(GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      const char *key = keys[i];

      if (!g_strv_contains (role_keys, key))
        {
          report_unknown_key (problems, group, key, role_keys);
          continue;
        }

      if (!check_duplicate (keyfile, group, key, seen, problems))
        continue;

      if (g_str_equal (key, KEY_COUNT))
        parse_count_like (keyfile, group, key, &rs->count, defaults->count, problems);
      else if (g_str_equal (key, KEY_VCPUS))
        parse_count_like (keyfile, group, key, &rs->vcpus, defaults->vcpus, problems);
      else if (g_str_equal (key, KEY_MEMORY))
        parse_size_key (keyfile, group, key, &rs->memory_bytes, defaults->memory_bytes, problems);
      else if (g_str_equal (key, KEY_DISK))
        parse_size_key (keyfile, group, key, &rs->disk_bytes, defaults->disk_bytes, problems);
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

  if (!scan_syntax (data, len, problems))
    return NULL;

  keyfile = g_key_file_new ();
  if (!g_key_file_load_from_data (keyfile, len > 0 ? data : "", len, G_KEY_FILE_NONE, &error))
    {
      add_problem (problems,
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
          const char *suggestion = suggest_word (group, known_groups);

          if (suggestion != NULL)
            add_problem (problems,
                         slipway_problem_new (group, NULL, TRUE,
                                              /* Translators: %s is a group name */
                                              _("Unknown group, ignored: did you mean “[%s]”?"),
                                              suggestion));
          else
            add_problem (problems,
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

/**
 * slipway_spec_new_from_file:
 * @path: a cluster file
 * @problems: (nullable) (element-type SlipwayProblem): where to add what
 *   cannot be read
 * @error: return location for an I/O error
 *
 * Like slipway_spec_new_from_data(), for a file. A relative image path is
 * taken relative to the directory of the file, and "~/" as the home
 * directory, so that the spec holds an absolute path.
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
  if (spec != NULL && spec->image != NULL && !g_path_is_absolute (spec->image))
    {
      char *absolute;

      if (g_str_has_prefix (spec->image, "~/"))
        absolute = g_build_filename (g_get_home_dir (), spec->image + 2, NULL);
      else
        {
          g_autofree char *dir = g_path_get_dirname (path);
          g_autofree char *abs_dir = g_canonicalize_filename (dir, NULL);

          absolute = g_canonicalize_filename (spec->image, abs_dir);
        }

      g_free (spec->image);
      spec->image = absolute;
    }

  return spec;
}

/* Validation */

static void
validate_name (const SlipwaySpec *spec,
               GPtrArray         *problems)
{
  g_autofree char *quoted = NULL;
  g_autofree char *suggestion = NULL;

  if (str_empty (spec->name))
    {
      add_problem (problems,
                   slipway_problem_new (GROUP_CLUSTER, KEY_NAME, FALSE,
                                        _("The cluster has no name: write a short name of "
                                          "lowercase letters, digits and hyphens, for example "
                                          "“lab”.")));
      return;
    }

  if (slipway_is_valid_name (spec->name))
    return;

  quoted = quote_value (spec->name);
  suggestion = suggest_name (spec->name);

  if (strlen (spec->name) > NAME_MAX_LENGTH && suggestion == NULL)
    {
      glong n_chars = g_utf8_strlen (spec->name, -1);

      /* Only too long, or also with other mistakes: the length is what
       * to fix first either way. */
      add_problem (problems,
                   slipway_problem_new (GROUP_CLUSTER, KEY_NAME, FALSE,
                                        /* Translators: %s is the start of the name from the
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
                                        quoted, (guint)n_chars, (guint)NAME_MAX_LENGTH));
      return;
    }

  if (suggestion != NULL)
    add_problem (problems,
                 slipway_problem_new (GROUP_CLUSTER, KEY_NAME, FALSE,
                                      /* Translators: the first %s is the name from the file,
                                       * the second a valid name made from it */
                                      _("“%s” is not a valid cluster name: it becomes part of "
                                        "host and libvirt names, so use 1 to 40 lowercase "
                                        "letters, digits and hyphens, not starting or ending "
                                        "with a hyphen, for example “%s”."),
                                      quoted, suggestion));
  else
    add_problem (problems,
                 slipway_problem_new (GROUP_CLUSTER, KEY_NAME, FALSE,
                                      /* Translators: %s is the name from the file */
                                      _("“%s” is not a valid cluster name: it becomes part of "
                                        "host and libvirt names, so use 1 to 40 lowercase "
                                        "letters, digits and hyphens, not starting or ending "
                                        "with a hyphen, for example “lab”."),
                                      quoted));
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

  if (str_empty (spec->domain))
    {
      /* Reading a file derives the domain from a valid name; a missing or
       * bad name is reported already. */
      if (slipway_is_valid_name (spec->name))
        add_problem (problems,
                     slipway_problem_new (GROUP_CLUSTER, KEY_DOMAIN, FALSE,
                                          /* Translators: %s is an example domain */
                                          _("The cluster has no DNS domain: write one, for "
                                            "example “%s”."),
                                          example));
      return;
    }

  quoted = quote_value (spec->domain);

  if (!is_valid_domain (spec->domain))
    {
      add_problem (problems,
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
    add_problem (problems,
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

  if (str_empty (spec->subnet))
    return;

  quoted = quote_value (spec->subnet);

  if (!slipway_ipv4_parse_cidr (spec->subnet, network, prefix, &error))
    {
      add_problem (problems,
                   slipway_problem_new (GROUP_CLUSTER, KEY_SUBNET, FALSE, "%s", error->message));
      return;
    }

  if (*prefix < 16 || *prefix > 28)
    {
      if (*prefix < 16)
        add_problem (problems,
                     slipway_problem_new (GROUP_CLUSTER, KEY_SUBNET, FALSE,
                                          /* Translators: %s is the subnet from the file */
                                          _("“%s” is too large: use a prefix length from /16 to "
                                            "/28, usually /24."),
                                          quoted));
      else
        add_problem (problems,
                     slipway_problem_new (GROUP_CLUSTER, KEY_SUBNET, FALSE,
                                          /* Translators: %s is the subnet from the file */
                                          _("“%s” is too small: use a prefix length from /16 to "
                                            "/28, usually /24."),
                                          quoted));
      return;
    }

  if (!slipway_ipv4_is_private (*network, *prefix))
    {
      add_problem (problems,
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

      add_problem (problems,
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

static void
validate_image (const SlipwaySpec *spec,
                GPtrArray         *problems)
{
  if (!str_empty (spec->image))
    return;

  add_problem (problems,
               slipway_problem_new (GROUP_CLUSTER, KEY_IMAGE, FALSE,
                                    _("No base image is set: write the path of a cloud image "
                                      "with cloud-init (qcow2 or raw), for example Debian 12’s "
                                      "“genericcloud” image.")));
}

static void
validate_user (const SlipwaySpec *spec,
               GPtrArray         *problems)
{
  g_autofree char *quoted = NULL;

  if (str_empty (spec->user))
    {
      add_problem (problems,
                   slipway_problem_new (GROUP_CLUSTER, KEY_USER, FALSE,
                                        _("No login user is set: write the default user of the "
                                          "image, for example “debian” for Debian images.")));
      return;
    }

  quoted = quote_value (spec->user);

  if (!is_valid_login (spec->user))
    add_problem (problems,
                 slipway_problem_new (GROUP_CLUSTER, KEY_USER, FALSE,
                                      /* Translators: %s is the user name from the file */
                                      _("“%s” is not a valid login name: use up to 32 lowercase "
                                        "letters, digits, “_” and “-”, starting with a letter or "
                                        "“_”, for example “debian”."),
                                      quoted));
  else if (g_str_equal (spec->user, "root"))
    add_problem (problems,
                 slipway_problem_new (GROUP_CLUSTER, KEY_USER, FALSE,
                                      _("“root” cannot be the login user: cloud-init turns "
                                        "away SSH logins as root. Use the default user of the "
                                        "image, for example “debian”, which can use sudo.")));
}

static void
validate_password_hash (const SlipwaySpec *spec,
                        GPtrArray         *problems)
{
  if (str_empty (spec->password_hash) || slipway_password_hash_is_valid (spec->password_hash))
    return;

  /* Never quote the value: it may well be a password typed in clear. */
  add_problem (problems,
               slipway_problem_new (GROUP_CLUSTER, KEY_PASSWORD_HASH, FALSE,
                                    _("This is not a password hash. The file holds only a "
                                      "SHA-512 crypt hash (“$6$…”), never the password itself: "
                                      "set it with “slipwayctl set-password FILE”, or write "
                                      "the output of “mkpasswd -m sha-512”.")));
}

static void
validate_ssh_keys (const SlipwaySpec *spec,
                   GPtrArray         *problems)
{
  for (guint i = 0; spec->ssh_authorized_keys != NULL && spec->ssh_authorized_keys[i]; i++)
    {
      const char *key = spec->ssh_authorized_keys[i];
      g_autofree char *quoted = quote_value (key);

      switch (check_ssh_key (key))
        {
        case SSH_KEY_OK:
          break;

        case SSH_KEY_PRIVATE:
          add_problem (problems,
                       slipway_problem_new (GROUP_CLUSTER, KEY_SSH_KEYS, FALSE,
                                            /* Translators: %s is the start of the value */
                                            _("“%s” is a private key: remove it from this file "
                                              "and keep it secret. Write the public key instead, "
                                              "the line in the “.pub” file."),
                                            quoted));
          break;

        case SSH_KEY_PATH:
          add_problem (problems,
                       slipway_problem_new (GROUP_CLUSTER, KEY_SSH_KEYS, FALSE,
                                            /* Translators: %s is the value from the file */
                                            _("“%s” looks like a file name: write the key "
                                              "itself, the line inside the “.pub” file."),
                                            quoted));
          break;

        case SSH_KEY_NOT_A_KEY:
          add_problem (problems,
                       slipway_problem_new (GROUP_CLUSTER, KEY_SSH_KEYS, FALSE,
                                            /* Translators: %s is the value from the file;
                                             * key types are keywords */
                                            _("“%s” is not an OpenSSH public key: write a line "
                                              "like “ssh-ed25519 AAAA… you@host”, of type "
                                              "ssh-ed25519, ssh-rsa, ecdsa-sha2-* or sk-*."),
                                            quoted));
          break;

        case SSH_KEY_DAMAGED:
        default:
          add_problem (problems,
                       slipway_problem_new (GROUP_CLUSTER, KEY_SSH_KEYS, FALSE,
                                            /* Translators: %s is the value from the file */
                                            _("“%s” is damaged: its data does not decode to a "
                                              "key of its type. Copy the whole line of the "
                                              "“.pub” file again."),
                                            quoted));
          break;
        }
    }
}

static void
validate_role (const SlipwaySpec *spec,
               SlipwayRole        role,
               GPtrArray         *problems)
{
  const SlipwayRoleSpec *rs = &spec->roles[role];
  const char *group = role_names[role];

  if (rs->vcpus == 0)
    add_problem (problems,
                 slipway_problem_new (group, KEY_VCPUS, FALSE,
                                      _("A node needs at least one virtual CPU: write 1 or "
                                        "more.")));
  else if (rs->vcpus > MAX_VCPUS)
    add_problem (problems,
                 slipway_problem_new (group, KEY_VCPUS, FALSE,
                                      /* Translators: the first %u is the value from the file,
                                       * the second the maximum */
                                      _("“%u” is too many: a node has at most %u virtual CPUs."),
                                      rs->vcpus, MAX_VCPUS));

  if (rs->memory_bytes < MIN_MEMORY)
    {
      g_autofree char *value = slipway_format_size (rs->memory_bytes);
      g_autofree char *minimum = slipway_format_size (MIN_MEMORY);

      add_problem (problems,
                   slipway_problem_new (group, KEY_MEMORY, FALSE,
                                        /* Translators: %s are sizes, "128MiB" and "256MiB" */
                                        _("“%s” is too little for a node to boot: write at least "
                                          "“%s”."),
                                        value, minimum));
    }

  if (rs->disk_bytes < MIN_DISK)
    {
      g_autofree char *value = slipway_format_size (rs->disk_bytes);
      g_autofree char *minimum = slipway_format_size (MIN_DISK);

      add_problem (problems,
                   slipway_problem_new (group, KEY_DISK, FALSE,
                                        /* Translators: %s are sizes, "512MiB" and "1GiB" */
                                        _("“%s” is too small for a system disk: write at least "
                                          "“%s”."),
                                        value, minimum));
    }
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
      add_problem (problems,
                   slipway_problem_new (NULL, NULL, FALSE,
                                        _("The cluster has no nodes: set “count” to 1 or more in "
                                          "[control] or [worker].")));
      return;
    }

  if (total > SLIPWAY_MAX_NODES)
    {
      add_problem (problems,
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
      g_autofree char *quoted = quote_value (spec->subnet);
      g_autofree char *larger = NULL;
      guint larger_prefix = prefix;

      while (larger_prefix > 16 && slipway_ipv4_max_nodes (larger_prefix) < total)
        larger_prefix--;
      {
        guint32 mask = larger_prefix == 0 ? 0 : G_MAXUINT32 << (32 - larger_prefix);
        g_autofree char *address = slipway_ipv4_to_string (network & mask);

        larger = g_strdup_printf ("%s/%u", address, larger_prefix);
      }

      add_problem (problems,
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

  validate_name (spec, problems);
  validate_domain (spec, problems);
  validate_subnet (spec, &subnet_ok, &network, &prefix, problems);
  validate_image (spec, problems);
  validate_user (spec, problems);
  validate_ssh_keys (spec, problems);
  validate_password_hash (spec, problems);

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    validate_role (spec, (SlipwayRole)r, problems);

  validate_node_count (spec, subnet_ok, network, prefix, problems);
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
              str_empty (spec->image)
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

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      const SlipwayRoleSpec *rs = &spec->roles[r];
      const SlipwayRoleSpec *defaults = &role_defaults[r];
      g_autofree char *count = g_strdup_printf ("%u", rs->count);
      g_autofree char *vcpus = g_strdup_printf ("%u", rs->vcpus);
      g_autofree char *memory = format_size_exact (rs->memory_bytes);
      g_autofree char *disk = format_size_exact (rs->disk_bytes);
      g_autofree char *default_memory = format_size_exact (defaults->memory_bytes);
      g_autofree char *default_disk = format_size_exact (defaults->disk_bytes);
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

      g_string_append_printf (out, "[%s]\n", role_names[r]);
      group_end = out->len;
      append_key (out, with_comments, group_end, count_comment, KEY_COUNT, count);
      append_key (out, with_comments, group_end, vcpus_comment, KEY_VCPUS, vcpus);
      append_key (out, with_comments, group_end, memory_comment, KEY_MEMORY, memory);
      append_key (out, with_comments, group_end, disk_comment, KEY_DISK, disk);
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
