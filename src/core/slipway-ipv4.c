/* slipway-ipv4.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "slipway-error.h"
#include "slipway-ipv4.h"

/* The one copy of Slipway's IPv4 arithmetic: subnets of the cluster file,
 * of host routes and of libvirt networks. */

/**
 * slipway_ipv4_prefix_to_mask:
 * @prefix: a prefix length, 0 to 32
 *
 * Returns: the netmask, host byte order: 24 gives 0xffffff00
 */
guint32
slipway_ipv4_prefix_to_mask (guint prefix)
{
  g_return_val_if_fail (prefix <= 32, 0);

  return prefix == 0 ? 0 : G_MAXUINT32 << (32 - prefix);
}

/**
 * slipway_ipv4_mask_to_prefix:
 * @mask: a netmask, host byte order
 * @prefix: (out): its prefix length
 *
 * Counts the leading ones of @mask.
 *
 * Returns: %FALSE if the ones of @mask are not contiguous
 */
gboolean
slipway_ipv4_mask_to_prefix (guint32  mask,
                             guint   *prefix)
{
  guint n = 0;

  g_return_val_if_fail (prefix != NULL, FALSE);

  while (n < 32 && (mask & ((guint32)1 << (31 - n))) != 0)
    n++;

  if (n < 32 && (mask << n) != 0)
    return FALSE;

  *prefix = n;

  return TRUE;
}

/**
 * slipway_ipv4_subnet_size:
 * @prefix: a prefix length, 0 to 32
 *
 * Returns: how many addresses a subnet of this size has, 256 for a /24
 */
guint64
slipway_ipv4_subnet_size (guint prefix)
{
  g_return_val_if_fail (prefix <= 32, 0);

  return G_GUINT64_CONSTANT (1) << (32 - prefix);
}

char *
slipway_ipv4_to_string (guint32 address)
{
  return g_strdup_printf ("%u.%u.%u.%u",
                          (address >> 24) & 0xff, (address >> 16) & 0xff,
                          (address >> 8) & 0xff, address & 0xff);
}

/**
 * slipway_ipv4_format_cidr:
 * @network: a network address, host byte order
 * @prefix: its prefix length
 *
 * Returns: (transfer full): "10.77.3.0/24"
 */
char *
slipway_ipv4_format_cidr (guint32 network,
                          guint   prefix)
{
  g_autofree char *address = slipway_ipv4_to_string (network);

  g_return_val_if_fail (prefix <= 32, NULL);

  return g_strdup_printf ("%s/%u", address, prefix);
}

/**
 * slipway_ipv4_parse_address:
 * @str: a dotted-quad IPv4 address, "10.77.3.11"
 * @address: (out) (optional): the address, host byte order
 *
 * Four decimal octets without leading zeros ("010" could be octal to some
 * tools), nothing else: no spaces, no IPv6, no shortened forms.
 *
 * Returns: %TRUE if @str is an IPv4 address
 */
gboolean
slipway_ipv4_parse_address (const char *str,
                            guint32    *address)
{
  g_autoptr(GInetAddress) inet = NULL;
  const guint8 *bytes;
  gsize len;

  g_return_val_if_fail (str != NULL, FALSE);

  /* inet_pton() underneath already refuses leading zeros and short forms
   * ("10.1"); the checks here keep that true whatever GIO parses with. */
  len = strlen (str);
  if (len < 7 || len > 15 || strspn (str, "0123456789.") != len)
    return FALSE;

  inet = g_inet_address_new_from_string (str);
  if (inet == NULL || g_inet_address_get_family (inet) != G_SOCKET_FAMILY_IPV4)
    return FALSE;

  for (const char *p = str; *p != '\0'; p++)
    if (*p == '0' && (p == str || p[-1] == '.') && g_ascii_isdigit (p[1]))
      return FALSE;

  bytes = g_inet_address_to_bytes (inet);
  if (address != NULL)
    *address = ((guint32)bytes[0] << 24) | ((guint32)bytes[1] << 16) |
               ((guint32)bytes[2] << 8) | bytes[3];

  return TRUE;
}

/**
 * slipway_ipv4_parse_cidr:
 * @cidr: a subnet such as "10.77.3.0/24"
 * @network: (out) (optional): the network address, host byte order
 * @prefix: (out) (optional): the prefix length
 * @error: return location for a %SLIPWAY_ERROR_INVALID_SPEC error whose
 *   message says what is wrong with @cidr and how to write it
 *
 * Parses an IPv4 subnet in CIDR form. The address must be the network
 * address itself: "10.77.3.5/24" is refused, with "10.77.3.0/24" suggested.
 *
 * Returns: %TRUE if @cidr is a subnet
 */
gboolean
slipway_ipv4_parse_cidr (const char  *cidr,
                         guint32     *network,
                         guint       *prefix,
                         GError     **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *quoted = NULL;
  const char *slash;
  guint32 address;
  guint length;

  g_return_val_if_fail (cidr != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  copy = g_strstrip (g_strdup (cidr));
  quoted = g_utf8_make_valid (copy, -1);
  slash = strchr (copy, '/');

  if (slash == NULL)
    {
      if (slipway_ipv4_parse_address (copy, &address))
        {
          g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
                       /* Translators: the first %s is an IPv4 address from the file; the
                        * second is the same address */
                       _("“%s” has no prefix length: write the subnet with one, for example "
                         "“%s/24”."),
                       quoted, quoted);
          return FALSE;
        }
    }
  else
    {
      g_autofree char *address_part = g_strndup (copy, slash - copy);
      const char *prefix_part = slash + 1;
      gsize prefix_len = strlen (prefix_part);

      if (slipway_ipv4_parse_address (address_part, &address) &&
          prefix_len >= 1 && prefix_len <= 2 &&
          strspn (prefix_part, "0123456789") == prefix_len &&
          (length = (guint)g_ascii_strtoull (prefix_part, NULL, 10)) <= 32)
        {
          guint32 mask = slipway_ipv4_prefix_to_mask (length);

          if ((address & mask) != address)
            {
              g_autofree char *canonical = slipway_ipv4_to_string (address & mask);

              g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
                           /* Translators: the first %s is a subnet from the file, then the
                            * network address and prefix length of the subnet it is in */
                           _("“%s” is an address inside a subnet, not a subnet: write the "
                             "network address, “%s/%u”."),
                           quoted, canonical, length);
              return FALSE;
            }

          if (network != NULL)
            *network = address;
          if (prefix != NULL)
            *prefix = length;

          return TRUE;
        }
    }

  g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
               /* Translators: %s is the value from the file */
               _("“%s” is not an IPv4 subnet: write a network address and a prefix length, for "
                 "example “10.77.3.0/24”."),
               quoted);

  return FALSE;
}

/**
 * slipway_ipv4_is_private:
 * @network: a network address, host byte order
 * @prefix: its prefix length
 *
 * Returns: %TRUE if the whole subnet is in one of the private ranges of
 *   RFC 1918: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16
 */
gboolean
slipway_ipv4_is_private (guint32 network,
                         guint   prefix)
{
  static const struct {
    guint32 network;
    guint   prefix;
  } ranges[] = {
    { 0x0a000000, 8 },
    { 0xac100000, 12 },
    { 0xc0a80000, 16 },
  };

  g_return_val_if_fail (prefix <= 32, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      if (prefix >= ranges[i].prefix &&
          (network & slipway_ipv4_prefix_to_mask (ranges[i].prefix)) == ranges[i].network)
        return TRUE;
    }

  return FALSE;
}

gboolean
slipway_ipv4_overlaps (guint32 a,
                       guint   a_prefix,
                       guint32 b,
                       guint   b_prefix)
{
  guint32 mask;

  g_return_val_if_fail (a_prefix <= 32, FALSE);
  g_return_val_if_fail (b_prefix <= 32, FALSE);

  mask = slipway_ipv4_prefix_to_mask (MIN (a_prefix, b_prefix));

  return (a & mask) == (b & mask);
}

/**
 * slipway_ipv4_max_nodes:
 * @prefix: a prefix length
 *
 * How many nodes a subnet of this size holds: node N is host 10+N, every
 * node must come before the DHCP range, which runs from the larger of the
 * first free host and the middle of the subnet up to the host before the
 * broadcast address, and must not be empty. That is the subnet size minus
 * 12 (a /24 holds 244, a /28 holds 4), and never more than
 * %SLIPWAY_MAX_NODES.
 *
 * Returns: the largest number of nodes
 */
guint
slipway_ipv4_max_nodes (guint prefix)
{
  guint64 size;

  g_return_val_if_fail (prefix <= 32, 0);

  size = slipway_ipv4_subnet_size (prefix);
  if (size <= 12)
    return 0;

  return (guint)MIN (size - 12, (guint64)SLIPWAY_MAX_NODES);
}

/**
 * slipway_ipv4_find_reserved:
 * @network: a network address, host byte order
 * @prefix: its prefix length
 * @reserved_network: (out) (optional): the well-known range it overlaps
 * @reserved_prefix: (out) (optional): its prefix length
 *
 * Kubernetes labs give pods and services addresses of their own. A node
 * subnet inside the ranges that the usual guides and tools use by default
 * makes those addresses ambiguous, so Slipway never picks them, and warns
 * when a cluster file does.
 *
 * Returns: (nullable): what uses the range @network/@prefix overlaps,
 *   translated, or %NULL
 */
const char *
slipway_ipv4_find_reserved (guint32  network,
                            guint    prefix,
                            guint32 *reserved_network,
                            guint   *reserved_prefix)
{
  static const struct {
    guint32     network;
    guint       prefix;
    const char *what;
  } reserved[] = {
    /* Translators: what a range of addresses is used for */
    { 0x0a600000, 12, N_("the default service range of kubeadm") },
    /* Translators: what a range of addresses is used for */
    { 0x0af40000, 16, N_("the default pod range of Flannel") },
    /* Translators: what a range of addresses is used for */
    { 0x0ac80000, 16, N_("the pod range of “Kubernetes the Hard Way”") },
    /* Translators: what a range of addresses is used for */
    { 0x0a200000, 24, N_("the service range of “Kubernetes the Hard Way”") },
  };

  g_return_val_if_fail (prefix <= 32, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (reserved); i++)
    {
      if (slipway_ipv4_overlaps (network, prefix, reserved[i].network, reserved[i].prefix))
        {
          if (reserved_network != NULL)
            *reserved_network = reserved[i].network;
          if (reserved_prefix != NULL)
            *reserved_prefix = reserved[i].prefix;
          return _(reserved[i].what);
        }
    }

  return NULL;
}
