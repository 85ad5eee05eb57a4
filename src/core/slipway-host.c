/* slipway-host.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "slipway-host-private.h"
#include "slipway-ipv4.h"
#include "slipway-size-private.h"
#include "slipway-spec.h"
#include "slipway-topology.h"

#define RTF_UP              0x0001
#define PICK_PREFIX         24

/* Where pick_subnet() looks, in this order: a bounded number of /24s in
 * each private range, starting at a place derived from the cluster name. */
static const struct {
  guint32 network;
  guint   prefix;
  guint   attempts;
} pick_ranges[] = {
  { 0x0a000000, 8, 1024 },     /* 10.0.0.0/8 */
  { 0xac100000, 12, 512 },     /* 172.16.0.0/12 */
  { 0xc0a80000, 16, 256 },     /* 192.168.0.0/16 */
};

/* Never picked, even when no route covers them: home routers and other
 * software take these without telling the routing table ahead of time. */
static const struct {
  guint32 network;
  guint   prefix;
} pick_avoid[] = {
  { 0x0a000000, 16 },          /* 10.0.0.0/16: VPNs, clouds, the first thing people try */
  { 0xac110000, 16 },          /* 172.17.0.0/16: Docker's default bridge */
  { 0xc0a80000, 24 },          /* 192.168.0.0/24: home routers */
  { 0xc0a80100, 24 },          /* 192.168.1.0/24: home routers */
  { 0xc0a87a00, 24 },          /* 192.168.122.0/24: libvirt's "default" network */
};

static void
subnet_use_free (SlipwaySubnetUse *use)
{
  if (use == NULL)
    return;

  g_free (use->owner);
  g_free (use->cluster);
  g_free (use);
}

/**
 * slipway_host_info_new:
 *
 * Returns: (transfer full): empty host facts; memory and CPUs unknown
 */
SlipwayHostInfo *
slipway_host_info_new (void)
{
  SlipwayHostInfo *info = g_new0 (SlipwayHostInfo, 1);

  info->subnets = g_ptr_array_new_with_free_func ((GDestroyNotify)subnet_use_free);
  info->mac_prefixes = g_ptr_array_new_with_free_func ((GDestroyNotify)subnet_use_free);

  return info;
}

void
slipway_host_info_free (SlipwayHostInfo *info)
{
  if (info == NULL)
    return;

  g_clear_pointer (&info->subnets, g_ptr_array_unref);
  g_clear_pointer (&info->mac_prefixes, g_ptr_array_unref);
  g_free (info->pool_name);
  g_free (info->pool_missing);
  g_free (info);
}

/**
 * slipway_host_info_add_subnet:
 * @info: host facts
 * @network: a network address, host byte order
 * @prefix: its prefix length
 * @owner: who uses it, for messages: "the libvirt network “default”"
 * @cluster: (nullable): the Slipway cluster it belongs to, or %NULL
 *
 * Records a subnet in use. A subnet of a cluster never clashes with a spec
 * of the same cluster; neither does any other use of exactly the same
 * subnet, such as the host route to that cluster's bridge.
 */
void
slipway_host_info_add_subnet (SlipwayHostInfo *info,
                              guint32          network,
                              guint            prefix,
                              const char      *owner,
                              const char      *cluster)
{
  SlipwaySubnetUse *use;

  g_return_if_fail (info != NULL);
  g_return_if_fail (prefix <= 32);
  g_return_if_fail (owner != NULL);

  use = g_new0 (SlipwaySubnetUse, 1);
  use->network = network;
  use->prefix = prefix;
  use->owner = g_strdup (owner);
  use->cluster = g_strdup (cluster);
  g_ptr_array_add (info->subnets, use);
}

/**
 * slipway_host_info_add_mac_prefix:
 * @info: host facts
 * @bytes: (array fixed-size=2): the two bytes after 52:54:00
 * @cluster: the cluster using them
 *
 * Records the MAC prefix of an existing cluster (see
 * slipway_topology_mac_prefix()).
 */
void
slipway_host_info_add_mac_prefix (SlipwayHostInfo *info,
                                  const guint8     bytes[2],
                                  const char      *cluster)
{
  SlipwaySubnetUse *use;

  g_return_if_fail (info != NULL);
  g_return_if_fail (bytes != NULL);
  g_return_if_fail (cluster != NULL);

  use = g_new0 (SlipwaySubnetUse, 1);
  use->network = ((guint32)bytes[0] << 8) | bytes[1];
  use->prefix = 16;
  use->owner = g_strdup (cluster);
  use->cluster = g_strdup (cluster);
  g_ptr_array_add (info->mac_prefixes, use);
}

static gboolean
parse_hex32 (const char *str,
             guint32    *value)
{
  guint64 v;

  if (!_slipway_parse_unsigned (str, 16, G_MAXUINT32, &v))
    return FALSE;

  *value = (guint32)v;

  return TRUE;
}

/**
 * slipway_host_info_add_routes:
 * @info: host facts
 * @proc_net_route: a file in the format of /proc/net/route
 * @error: return location for an I/O or %G_IO_ERROR_INVALID_DATA error
 *
 * Adds the destination of every route that is up, except the default
 * route, with the owner "the host route on IFACE". Addresses in the file
 * are the kernel's network-order words printed in hexadecimal, as the
 * machine reads them. Lines that do not parse are skipped.
 *
 * Returns: %TRUE if the file could be read
 */
gboolean
slipway_host_info_add_routes (SlipwayHostInfo  *info,
                              const char       *proc_net_route,
                              GError          **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (proc_net_route != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_get_contents (proc_net_route, &contents, NULL, error))
    return FALSE;

  lines = g_strsplit (contents, "\n", -1);
  if (lines[0] == NULL || !g_str_has_prefix (lines[0], "Iface"))
    {
      g_autofree char *display = g_filename_display_name (proc_net_route);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* Translators: %s is a file name, /proc/net/route */
                   _("“%s” is not a routing table: its first line does not start with “Iface”."),
                   display);
      return FALSE;
    }

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      g_autoptr(GPtrArray) columns = g_ptr_array_new ();
      g_autofree char *owner = NULL;
      guint32 destination;
      guint32 mask;
      guint32 flags;
      guint prefix;

      for (guint f = 0; fields[f] != NULL; f++)
        {
          if (fields[f][0] != '\0')
            g_ptr_array_add (columns, fields[f]);
        }

      /* Iface Destination Gateway Flags RefCnt Use Metric Mask ... */
      if (columns->len < 8)
        continue;

      if (!parse_hex32 (g_ptr_array_index (columns, 1), &destination) ||
          !parse_hex32 (g_ptr_array_index (columns, 3), &flags) ||
          !parse_hex32 (g_ptr_array_index (columns, 7), &mask))
        {
          g_debug ("Skipping route line “%s”", lines[i]);
          continue;
        }

      destination = g_ntohl (destination);
      mask = g_ntohl (mask);

      if ((flags & RTF_UP) == 0 || !slipway_ipv4_mask_to_prefix (mask, &prefix))
        continue;

      if (prefix == 0)
        continue;       /* the default route covers everything: no clash */

      /* Translators: %s is a network interface, "eth0" */
      owner = g_strdup_printf (_("the host route on %s"),
                               (const char *)g_ptr_array_index (columns, 0));
      slipway_host_info_add_subnet (info, destination & mask, prefix, owner, NULL);
    }

  return TRUE;
}

/**
 * slipway_host_info_add_meminfo:
 * @info: host facts
 * @proc_meminfo: a file in the format of /proc/meminfo
 * @error: return location for an I/O or %G_IO_ERROR_INVALID_DATA error
 *
 * Sets @info's memory from the "MemTotal:" line.
 *
 * Returns: %TRUE if the file could be read and has that line
 */
gboolean
slipway_host_info_add_meminfo (SlipwayHostInfo  *info,
                               const char       *proc_meminfo,
                               GError          **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (proc_meminfo != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_get_contents (proc_meminfo, &contents, NULL, error))
    return FALSE;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p;
      guint64 kib;
      char *end;

      if (!g_str_has_prefix (lines[i], "MemTotal:"))
        continue;

      p = lines[i] + strlen ("MemTotal:");
      while (*p == ' ' || *p == '\t')
        p++;

      kib = g_ascii_strtoull (p, &end, 10);
      if (end != p && kib <= G_MAXUINT64 / 1024)
        {
          info->memory_bytes = kib * 1024;
          return TRUE;
        }
    }

  {
    g_autofree char *display = g_filename_display_name (proc_meminfo);

    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 /* Translators: %s is a file name, /proc/meminfo */
                 _("“%s” has no “MemTotal:” line."),
                 display);
  }

  return FALSE;
}

/* Whether @use is the cluster's own: marked with its name, or a use of the
 * very same subnet as something marked with its name (the host route to the
 * cluster's own bridge). */
static gboolean
is_own_use (const SlipwayHostInfo  *info,
            const SlipwaySubnetUse *use,
            const char             *cluster)
{
  if (cluster == NULL)
    return FALSE;

  if (g_strcmp0 (use->cluster, cluster) == 0)
    return TRUE;

  for (guint i = 0; i < info->subnets->len; i++)
    {
      const SlipwaySubnetUse *other = g_ptr_array_index (info->subnets, i);

      if (g_strcmp0 (other->cluster, cluster) == 0 &&
          other->network == use->network && other->prefix == use->prefix)
        return TRUE;
    }

  return FALSE;
}

static gboolean
subnet_is_free (const SlipwayHostInfo *info,
                guint32                network,
                guint                  prefix,
                const char            *cluster)
{
  for (guint i = 0; i < info->subnets->len; i++)
    {
      const SlipwaySubnetUse *use = g_ptr_array_index (info->subnets, i);

      if (slipway_ipv4_overlaps (network, prefix, use->network, use->prefix) &&
          !is_own_use (info, use, cluster))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_avoided (guint32 network,
            guint   prefix)
{
  for (guint i = 0; i < G_N_ELEMENTS (pick_avoid); i++)
    {
      if (slipway_ipv4_overlaps (network, prefix, pick_avoid[i].network, pick_avoid[i].prefix))
        return TRUE;
    }

  return slipway_ipv4_find_reserved (network, prefix, NULL, NULL) != NULL;
}

/**
 * slipway_host_info_pick_subnet:
 * @info: host facts
 * @cluster: a cluster name
 *
 * Picks a free /24 for @cluster. The candidates come from the SHA-256
 * digest of "subnet:" and the name, so the same name gets the same subnet
 * as long as it is free: first up to 1024 /24s of 10.0.0.0/8, then 512 of
 * 172.16.0.0/12, then 256 of 192.168.0.0/16. Candidates that overlap a
 * subnet in use by anyone but @cluster are skipped, and so are ranges that
 * other software takes without a route: 10.0.0.0/16, Docker's
 * 172.17.0.0/16, 192.168.0.0/24 and 192.168.1.0/24 of home routers,
 * libvirt's 192.168.122.0/24 and the usual Kubernetes pod and service
 * ranges (slipway_ipv4_find_reserved()).
 *
 * Returns: (transfer full) (nullable): a subnet in CIDR form, or %NULL if
 *   no candidate is free
 */
char *
slipway_host_info_pick_subnet (const SlipwayHostInfo *info,
                               const char            *cluster)
{
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  guint32 seed;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (cluster != NULL, NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *)"subnet:", strlen ("subnet:"));
  g_checksum_update (checksum, (const guchar *)cluster, strlen (cluster));
  g_checksum_get_digest (checksum, digest, &digest_len);
  seed = ((guint32)digest[0] << 24) | ((guint32)digest[1] << 16) |
         ((guint32)digest[2] << 8) | digest[3];

  for (guint r = 0; r < G_N_ELEMENTS (pick_ranges); r++)
    {
      guint32 n_candidates = (guint32)1 << (PICK_PREFIX - pick_ranges[r].prefix);
      guint32 start = seed % n_candidates;
      /* An odd step visits every /24 of the range once, in a scattered
       * order, so that neighbouring names do not pile up side by side. */
      guint32 step = 40503 % n_candidates;

      step |= 1;

      for (guint i = 0; i < pick_ranges[r].attempts && i < n_candidates; i++)
        {
          guint32 index = (start + i * step) % n_candidates;
          guint32 network = pick_ranges[r].network | (index << (32 - PICK_PREFIX));
          g_autofree char *address = NULL;

          if (is_avoided (network, PICK_PREFIX) ||
              !subnet_is_free (info, network, PICK_PREFIX, cluster))
            continue;

          address = slipway_ipv4_to_string (network);
          return g_strdup_printf ("%s/%u", address, PICK_PREFIX);
        }
    }

  return NULL;
}

static void
check_subnet (const SlipwayHostInfo *info,
              const SlipwaySpec     *spec,
              GPtrArray             *problems)
{
  g_autoptr(GPtrArray) owners = g_ptr_array_new ();
  const char *cluster = slipway_is_valid_name (spec->name) ? spec->name : NULL;
  g_autofree char *free_subnet = NULL;
  guint32 network;
  guint prefix;

  if (spec->subnet == NULL || spec->subnet[0] == '\0')
    {
      if (cluster == NULL)
        return;

      free_subnet = slipway_host_info_pick_subnet (info, cluster);
      if (free_subnet == NULL)
        g_ptr_array_add (problems,
                         slipway_problem_new ("cluster", "subnet", FALSE,
                                              _("No free /24 subnet was found for the cluster: "
                                                "write a free private subnet by hand.")));
      return;
    }

  /* A subnet that does not parse is reported by slipway_spec_validate(). */
  if (!slipway_ipv4_parse_cidr (spec->subnet, &network, &prefix, NULL))
    return;

  for (guint i = 0; i < info->subnets->len; i++)
    {
      const SlipwaySubnetUse *use = g_ptr_array_index (info->subnets, i);
      g_autofree char *used_address = NULL;
      g_autofree char *subnet = NULL;
      gboolean seen = FALSE;

      if (!slipway_ipv4_overlaps (network, prefix, use->network, use->prefix) ||
          is_own_use (info, use, cluster))
        continue;

      for (guint o = 0; o < owners->len; o++)
        seen |= g_str_equal (g_ptr_array_index (owners, o), use->owner);
      if (seen)
        continue;
      g_ptr_array_add (owners, use->owner);

      if (free_subnet == NULL && cluster != NULL)
        free_subnet = slipway_host_info_pick_subnet (info, cluster);

      used_address = slipway_ipv4_to_string (use->network & slipway_ipv4_prefix_to_mask (use->prefix));
      subnet = g_utf8_make_valid (spec->subnet, -1);

      if (free_subnet != NULL)
        g_ptr_array_add (problems,
                         slipway_problem_new ("cluster", "subnet", FALSE,
                                              /* Translators: the first %s is the subnet from
                                               * the file, then an address and a prefix length,
                                               * then who uses them ("the host route on eth0",
                                               * "the libvirt network “default”"), then a free
                                               * subnet */
                                              _("“%s” overlaps %s/%u, used by %s: write a free "
                                                "subnet such as “%s”, or leave “subnet” empty "
                                                "to pick one."),
                                              subnet, used_address, use->prefix, use->owner,
                                              free_subnet));
      else
        g_ptr_array_add (problems,
                         slipway_problem_new ("cluster", "subnet", FALSE,
                                              /* Translators: the first %s is the subnet from
                                               * the file, then an address and a prefix length,
                                               * then who uses them ("the host route on
                                               * eth0") */
                                              _("“%s” overlaps %s/%u, used by %s: write a free "
                                                "private subnet."),
                                              subnet, used_address, use->prefix, use->owner));
    }
}

static void
check_mac_prefix (const SlipwayHostInfo *info,
                  const SlipwaySpec     *spec,
                  GPtrArray             *problems)
{
  guint8 bytes[2];
  guint32 prefix;

  if (!slipway_is_valid_name (spec->name))
    return;

  slipway_topology_mac_prefix (spec->name, bytes);
  prefix = ((guint32)bytes[0] << 8) | bytes[1];

  for (guint i = 0; i < info->mac_prefixes->len; i++)
    {
      const SlipwaySubnetUse *use = g_ptr_array_index (info->mac_prefixes, i);

      if (use->network != prefix || g_strcmp0 (use->cluster, spec->name) == 0)
        continue;

      g_ptr_array_add (problems,
                       slipway_problem_new ("cluster", "name", FALSE,
                                            /* Translators: the first %s is a cluster name,
                                             * then two bytes in hexadecimal, then another
                                             * cluster's name */
                                            _("The MAC addresses of the nodes of “%s” would "
                                              "start with 52:54:00:%02x:%02x, like those of the "
                                              "cluster “%s”: these two bytes come from the "
                                              "name, so choose another name."),
                                            spec->name, bytes[0], bytes[1], use->owner));
      return;
    }
}

static guint64
saturating_mul (guint64 a,
                guint64 b)
{
  if (a != 0 && b > G_MAXUINT64 / a)
    return G_MAXUINT64;

  return a * b;
}

/* What this host can never give one node: more memory than the
 * overcommit limit allows, a disk larger than the pool's file system. */
static void
check_role_bounds (const SlipwayHostInfo *info,
                   SlipwayRole            role,
                   GPtrArray             *problems,
                   const SlipwayRoleSpec *rs)
{
  const char *group = slipway_role_to_string (role);
  guint64 memory_limit = saturating_mul (info->memory_bytes, SLIPWAY_MEMORY_OVERCOMMIT_LIMIT);

  if (info->memory_bytes > 0 && rs->memory_bytes > memory_limit)
    {
      g_autofree char *value = slipway_format_size (rs->memory_bytes);
      g_autofree char *host = slipway_format_size (info->memory_bytes);
      g_autofree char *limit = slipway_format_size (memory_limit);

      g_ptr_array_add (problems,
                       slipway_problem_new (group, "memory", FALSE,
                                            /* Translators: sizes ("64GiB", "15.6GiB"), then a
                                             * number, then a size ("62.4GiB") */
                                            _("“%s” is more than a node may have on this "
                                              "computer: it has %s, and Slipway lets a node have "
                                              "at most %u times that (%s). Lower “memory”."),
                                            value, host, SLIPWAY_MEMORY_OVERCOMMIT_LIMIT, limit));
    }

  if (info->pool_capacity_bytes > 0 && rs->disk_bytes > info->pool_capacity_bytes)
    {
      g_autofree char *value = slipway_format_size (rs->disk_bytes);
      g_autofree char *capacity = slipway_format_size (info->pool_capacity_bytes);

      g_ptr_array_add (problems,
                       slipway_problem_new (group, "disk", FALSE,
                                            /* Translators: a size ("2TiB"), a storage pool's
                                             * name, a size ("96.6GiB") */
                                            _("“%s” is larger than the storage pool “%s” can "
                                              "ever hold: its file system has %s in all. Lower "
                                              "“disk”."),
                                            value, info->pool_name != NULL ? info->pool_name : "",
                                            capacity));
    }
}

static void
check_resources (const SlipwayHostInfo *info,
                 const SlipwaySpec     *spec,
                 GPtrArray             *problems)
{
  guint64 total = 0;

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      const SlipwayRoleSpec *rs = &spec->roles[r];
      guint64 role_total = saturating_mul (rs->count, rs->memory_bytes);

      total = total > G_MAXUINT64 - role_total ? G_MAXUINT64 : total + role_total;

      if (rs->count > 0)
        check_role_bounds (info, (SlipwayRole)r, problems, rs);

      if (info->n_cpus > 0 && rs->count > 0 && rs->vcpus > info->n_cpus)
        g_ptr_array_add (problems,
                         slipway_problem_new (slipway_role_to_string ((SlipwayRole)r), "vcpus",
                                              TRUE,
                                              /* Translators: the first %u is a number of
                                               * virtual CPUs, the second the host's CPUs */
                                              g_dngettext (GETTEXT_PACKAGE,
                                                           "Each node has %u virtual CPUs but "
                                                           "this computer has only %u CPU: the "
                                                           "nodes will be slow.",
                                                           "Each node has %u virtual CPUs but "
                                                           "this computer has only %u CPUs: the "
                                                           "nodes will be slow.",
                                                           info->n_cpus),
                                              rs->vcpus, info->n_cpus));
    }

  if (info->memory_bytes > 0 && total > info->memory_bytes)
    {
      g_autofree char *needed = slipway_format_size (total);
      g_autofree char *available = slipway_format_size (info->memory_bytes);

      g_ptr_array_add (problems,
                       slipway_problem_new (NULL, NULL, TRUE,
                                            /* Translators: both %s are sizes, "30GiB" */
                                            _("The nodes have %s of memory in all, more than the "
                                              "%s of this computer: they may swap or fail to "
                                              "start. Lower “memory” or “count” of some roles."),
                                            needed, available));
    }
}

/**
 * slipway_host_info_check_spec:
 * @info: host facts
 * @spec: a spec
 * @problems: (element-type SlipwayProblem): where to add the problems
 *
 * Adds what makes @spec fail on this host: its subnet overlapping one used
 * by someone other than the cluster itself (with a free subnet suggested),
 * or no free subnet to pick when it has none; a MAC prefix already used by
 * another cluster; an image that is missing, unreadable or not a file. More
 * memory than the host has, and more virtual CPUs per node than it has
 * CPUs, are warnings. Call slipway_spec_validate() too: this does not
 * repeat its checks.
 */
void
slipway_host_info_check_spec (const SlipwayHostInfo *info,
                              const SlipwaySpec     *spec,
                              GPtrArray             *problems)
{
  g_return_if_fail (info != NULL);
  g_return_if_fail (spec != NULL);
  g_return_if_fail (problems != NULL);

  _slipway_host_info_check_spec_full (info, spec, TRUE, problems);
}

/**
 * slipway_host_info_check_spec_without_files:
 * @info: host facts
 * @spec: a spec
 * @problems: (element-type SlipwayProblem): where to add the problems
 *
 * Like slipway_host_info_check_spec(), but the image files are not looked
 * at (only their names): what a main loop may call as the user types.
 */
void
slipway_host_info_check_spec_without_files (const SlipwayHostInfo *info,
                                            const SlipwaySpec     *spec,
                                            GPtrArray             *problems)
{
  g_return_if_fail (info != NULL);
  g_return_if_fail (spec != NULL);
  g_return_if_fail (problems != NULL);

  _slipway_host_info_check_spec_full (info, spec, FALSE, problems);
}

/* slipway_host_info_check_spec(), with @check_files FALSE never touching
 * the image files: for the main thread. */
void
_slipway_host_info_check_spec_full (const SlipwayHostInfo *info,
                                    const SlipwaySpec     *spec,
                                    gboolean               check_files,
                                    GPtrArray             *problems)
{

  check_subnet (info, spec, problems);
  if (spec->pool != NULL && g_strcmp0 (spec->pool, info->pool_missing) == 0)
    g_ptr_array_add (problems,
                     slipway_problem_new ("cluster", "pool", FALSE,
                                          /* Translators: %s is a storage pool name */
                                          _("There is no started libvirt storage pool “%s”: "
                                            "define, build and start it (virsh pool-define-as, "
                                            "pool-build, pool-start), or leave “pool” out to use "
                                            "Slipway’s own."),
                                          spec->pool));
  check_mac_prefix (info, spec, problems);
  if (check_files)
    _slipway_host_info_check_images (spec, problems);
  _slipway_host_info_check_role_users (spec, problems);
  _slipway_host_info_check_arch (info, spec, problems);
  check_resources (info, spec, problems);
}
