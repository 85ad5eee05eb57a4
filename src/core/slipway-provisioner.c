/* slipway-provisioner.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <unistd.h>

#include "slipway.h"
#include "slipway-gvir-private.h"
#include "slipway-xpath-private.h"

/* The storage pool every Slipway cluster keeps its volumes in. */
#define POOL_NAME "slipway"
/* Bytes per virStreamSend() when uploading images and seeds. */
#define UPLOAD_CHUNK (256 * 1024)
#define DEFAULT_STOP_TIMEOUT 90

struct _SlipwayProvisioner
{
  GObject         parent_instance;

  char           *uri;
  guint           stop_timeout;

  /* Opened on first use, in a worker thread; guarded by conn_lock. */
  GMutex          conn_lock;
  GVirConnection *gconn;
  virConnectPtr   conn;
  gboolean        is_test_driver;
};

G_DEFINE_FINAL_TYPE (SlipwayProvisioner, slipway_provisioner, G_TYPE_OBJECT)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A job is one operation running in a worker thread. It owns copies of what
 * it needs; the only shared object is the connection. */
typedef struct
{
  GTask              *task;          /* borrowed for the worker's lifetime */
  SlipwayProvisioner *self;          /* borrowed, the task holds a ref */
  SlipwayOperation    operation;
  char               *cluster;
  SlipwaySpec        *spec;          /* create */
  char              **targets;       /* run */
  SlipwayDestroyFlags flags;         /* destroy */
  char               *node;          /* console */
  SlipwayConsoleFlags console_flags; /* console */
  virConnectPtr       conn;          /* borrowed from self */

  /* Progress goes from span_start to span_end while a step runs. */
  double              span_start;
  double              span_end;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->cluster, g_free);
  g_clear_pointer (&job->spec, slipway_spec_free);
  g_clear_pointer (&job->targets, g_strfreev);
  g_clear_pointer (&job->node, g_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

/* ------------------------------------------------------------------------ */
/* Strings and small types                                                  */

char *
slipway_default_uri (void)
{
  const char *env = g_getenv ("LIBVIRT_DEFAULT_URI");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  return g_strdup ("qemu:///system");
}

const char *
slipway_operation_to_string (SlipwayOperation operation)
{
  switch (operation)
    {
    case SLIPWAY_OPERATION_CREATE:    return "create";
    case SLIPWAY_OPERATION_START:     return "start";
    case SLIPWAY_OPERATION_STOP:      return "stop";
    case SLIPWAY_OPERATION_FORCE_OFF: return "force-off";
    case SLIPWAY_OPERATION_RESET:     return "reset";
    case SLIPWAY_OPERATION_DESTROY:   return "destroy";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
slipway_node_state_to_string (SlipwayNodeState state)
{
  switch (state)
    {
    case SLIPWAY_NODE_STATE_MISSING:       return "missing";
    case SLIPWAY_NODE_STATE_STOPPED:       return "stopped";
    case SLIPWAY_NODE_STATE_RUNNING:       return "running";
    case SLIPWAY_NODE_STATE_PAUSED:        return "paused";
    case SLIPWAY_NODE_STATE_SHUTTING_DOWN: return "shutting-down";
    case SLIPWAY_NODE_STATE_CRASHED:       return "crashed";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
slipway_node_state_get_title (SlipwayNodeState state)
{
  switch (state)
    {
    case SLIPWAY_NODE_STATE_MISSING:       return C_("node state", "Missing");
    case SLIPWAY_NODE_STATE_STOPPED:       return C_("node state", "Stopped");
    case SLIPWAY_NODE_STATE_RUNNING:       return C_("node state", "Running");
    case SLIPWAY_NODE_STATE_PAUSED:        return C_("node state", "Paused");
    case SLIPWAY_NODE_STATE_SHUTTING_DOWN: return C_("node state", "Shutting Down");
    case SLIPWAY_NODE_STATE_CRASHED:       return C_("node state", "Crashed");
    default:
      g_return_val_if_reached (NULL);
    }
}

SlipwayProgress *
slipway_progress_copy (const SlipwayProgress *progress)
{
  SlipwayProgress *copy;

  g_return_val_if_fail (progress != NULL, NULL);

  copy = g_new0 (SlipwayProgress, 1);
  copy->operation = progress->operation;
  copy->cluster = g_strdup (progress->cluster);
  copy->node = g_strdup (progress->node);
  copy->step = g_strdup (progress->step);
  copy->fraction = progress->fraction;

  return copy;
}

void
slipway_progress_free (SlipwayProgress *progress)
{
  if (progress == NULL)
    return;

  g_free (progress->cluster);
  g_free (progress->node);
  g_free (progress->step);
  g_free (progress);
}

void
slipway_cluster_status_free (SlipwayClusterStatus *status)
{
  if (status == NULL)
    return;

  g_free (status->name);
  g_clear_pointer (&status->spec, slipway_spec_free);
  g_clear_pointer (&status->topology, slipway_topology_free);
  g_free (status->states);
  g_free (status->virt_type);
  g_free (status->leased);
  g_free (status->domain_ids);
  g_free (status);
}

guint
slipway_cluster_status_count (const SlipwayClusterStatus *status,
                              SlipwayNodeState            state)
{
  guint count = 0;

  g_return_val_if_fail (status != NULL, 0);

  if (status->topology == NULL)
    return 0;

  for (guint i = 0; i < status->topology->nodes->len; i++)
    if (status->states[i] == state)
      count++;

  return count;
}

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */

/* Wraps libvirt's last error of this thread, with our context in front. */
G_GNUC_PRINTF (2, 3)
static void
set_virt_error (GError     **error,
                const char  *format,
                ...)
{
  g_autofree char *context = NULL;
  const char *detail = virGetLastErrorMessage ();
  va_list args;

  va_start (args, format);
  context = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: the first %s says what failed, the second is libvirt's reason */
  g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR, _("%s: %s"), context,
               detail != NULL ? detail : _("unknown error"));
}

/* ------------------------------------------------------------------------ */
/* Progress                                                                 */

typedef struct
{
  SlipwayProvisioner *self;
  SlipwayProgress    *progress;
} ProgressEmit;

static void
progress_emit_free (ProgressEmit *emit)
{
  g_clear_object (&emit->self);
  g_clear_pointer (&emit->progress, slipway_progress_free);
  g_free (emit);
}

static gboolean
progress_emit_cb (gpointer data)
{
  ProgressEmit *emit = data;

  g_signal_emit (emit->self, signals[PROGRESS], 0, emit->progress);

  return G_SOURCE_REMOVE;
}

/* Tells the main context (the one the task was made in) how far we are:
 * @fraction is the part done of the current step. */
G_GNUC_PRINTF (4, 5)
static void
job_progress (Job        *job,
              const char *node,
              double      fraction,
              const char *format,
              ...)
{
  ProgressEmit *emit = g_new0 (ProgressEmit, 1);
  va_list args;

  emit->self = g_object_ref (job->self);
  emit->progress = g_new0 (SlipwayProgress, 1);
  emit->progress->operation = job->operation;
  emit->progress->cluster = g_strdup (job->cluster);
  emit->progress->node = g_strdup (node);
  va_start (args, format);
  emit->progress->step = g_strdup_vprintf (format, args);
  va_end (args);
  emit->progress->fraction = job->span_start +
                             (job->span_end - job->span_start) * CLAMP (fraction, 0.0, 1.0);

  g_main_context_invoke_full (g_task_get_context (job->task), G_PRIORITY_DEFAULT,
                              progress_emit_cb, emit, (GDestroyNotify)progress_emit_free);
}

static void
job_span (Job    *job,
          double  start,
          double  end)
{
  job->span_start = start;
  job->span_end = end;
}

/* ------------------------------------------------------------------------ */
/* The connection                                                           */

static virConnectPtr
slipway_provisioner_connect (SlipwayProvisioner  *self,
                             GCancellable        *cancellable,
                             GError             **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->conn_lock);
  g_autoptr(GVirConnection) gconn = NULL;
  g_autoptr(GError) local_error = NULL;
  virConnectPtr conn = NULL;
  const char *type;

  if (self->conn != NULL && virConnectIsAlive (self->conn) == 1)
    return self->conn;

  if (self->conn != NULL)
    {
      g_debug ("Connection to %s was lost, reconnecting", self->uri);
      g_clear_pointer (&self->conn, virConnectClose);
      g_clear_object (&self->gconn);
    }

  gconn = gvir_connection_new (self->uri);
  if (!gvir_connection_open (gconn, cancellable, &local_error))
    {
      if (g_str_has_prefix (self->uri, "qemu:///system"))
        g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                     /* Translators: %s is libvirt's reason */
                     _("Could not connect to libvirt. %s. Check that the libvirt daemon is running and that your user is in the “libvirt” group."),
                     local_error->message);
      else
        g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                     /* Translators: %s is libvirt's reason */
                     _("Could not connect to libvirt. %s. Check the connection address and that the libvirt daemon there is running."),
                     local_error->message);
      return NULL;
    }

  g_object_get (gconn, "handle", &conn, NULL);
  if (conn == NULL)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                   _("Could not connect to libvirt at “%s”."), self->uri);
      return NULL;
    }

  type = virConnectGetType (conn);
  self->is_test_driver = g_strcmp0 (type, "TEST") == 0;
  self->conn = conn;
  self->gconn = g_steal_pointer (&gconn);

  return self->conn;
}

/* ------------------------------------------------------------------------ */
/* Small libvirt helpers (worker threads only)                              */

static char *
network_xml (virNetworkPtr net)
{
  char *xml = virNetworkGetXMLDesc (net, 0);
  char *ret = g_strdup (xml);

  free (xml);
  return ret;
}

static char *
domain_xml (virDomainPtr dom)
{
  char *xml = virDomainGetXMLDesc (dom, 0);
  char *ret = g_strdup (xml);

  free (xml);
  return ret;
}

static char *
vol_xml (virStorageVolPtr vol)
{
  char *xml = virStorageVolGetXMLDesc (vol, 0);
  char *ret = g_strdup (xml);

  free (xml);
  return ret;
}

static char *
vol_path (virStorageVolPtr vol)
{
  char *path = virStorageVolGetPath (vol);
  char *ret = g_strdup (path);

  free (path);
  return ret;
}

static virDomainPtr
lookup_domain (virConnectPtr conn,
               const char   *name)
{
  virDomainPtr dom = virDomainLookupByName (conn, name);

  if (dom == NULL)
    virResetLastError ();
  return dom;
}

static virNetworkPtr
lookup_network (virConnectPtr conn,
                const char   *name)
{
  virNetworkPtr net = virNetworkLookupByName (conn, name);

  if (net == NULL)
    virResetLastError ();
  return net;
}

static virStorageVolPtr
lookup_volume (virStoragePoolPtr  pool,
               const char        *name)
{
  virStorageVolPtr vol = virStorageVolLookupByName (pool, name);

  if (vol == NULL)
    virResetLastError ();
  return vol;
}

/* TRUE when @dom carries Slipway metadata naming @cluster. */
static gboolean
domain_belongs_to (virDomainPtr  dom,
                   const char   *cluster,
                   guint        *node_id)
{
  g_autofree char *xml = domain_xml (dom);
  g_autofree char *owner = NULL;
  SlipwayRole role;
  guint id;

  if (!slipway_xml_parse_domain (xml, &owner, &role, &id))
    return FALSE;

  if (node_id != NULL)
    *node_id = id;

  return g_strcmp0 (owner, cluster) == 0;
}

static void
domain_free (gpointer dom)
{
  if (dom != NULL)
    virDomainFree (dom);
}

static SlipwayNodeState
domain_state (virDomainPtr dom)
{
  int state = VIR_DOMAIN_NOSTATE;
  int reason = 0;

  if (dom == NULL)
    return SLIPWAY_NODE_STATE_MISSING;

  if (virDomainGetState (dom, &state, &reason, 0) < 0)
    {
      virResetLastError ();
      return SLIPWAY_NODE_STATE_MISSING;
    }

  switch (state)
    {
    case VIR_DOMAIN_RUNNING:
    case VIR_DOMAIN_BLOCKED:
      return SLIPWAY_NODE_STATE_RUNNING;
    case VIR_DOMAIN_PAUSED:
    case VIR_DOMAIN_PMSUSPENDED:
      return SLIPWAY_NODE_STATE_PAUSED;
    case VIR_DOMAIN_SHUTDOWN:
      return SLIPWAY_NODE_STATE_SHUTTING_DOWN;
    case VIR_DOMAIN_CRASHED:
      return SLIPWAY_NODE_STATE_CRASHED;
    case VIR_DOMAIN_SHUTOFF:
    case VIR_DOMAIN_NOSTATE:
    default:
      return SLIPWAY_NODE_STATE_STOPPED;
    }
}

static gboolean
domain_is_active (virDomainPtr dom)
{
  int active = virDomainIsActive (dom);

  if (active < 0)
    virResetLastError ();
  return active == 1;
}

static char *
overlay_volume_name (const SlipwayNodeInfo *node)
{
  return g_strdup_printf ("%s.qcow2", node->domain_name);
}

static char *
seed_volume_name (const SlipwayNodeInfo *node)
{
  return g_strdup_printf ("%s-seed.iso", node->domain_name);
}

/* ------------------------------------------------------------------------ */
/* Reading a cluster back from libvirt                                      */

/* The spec stored in the metadata of the cluster's network. Returns NULL with
 * NOT_FOUND when there is no such network, NOT_OWNED when it is not ours. */
static SlipwaySpec *
load_cluster_spec (virConnectPtr   conn,
                   const char     *cluster,
                   gboolean       *active,
                   GError        **error)
{
  g_autofree char *net_name = slipway_topology_network_name (cluster);
  g_autoptr(virNetwork) net = lookup_network (conn, net_name);
  g_autofree char *xml = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autoptr(SlipwaySpec) spec = NULL;

  if (net == NULL)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   _("There is no cluster named “%s” on this connection."), cluster);
      return NULL;
    }

  xml = network_xml (net);
  if (!slipway_xml_parse_network (xml, &owner, &data) || g_strcmp0 (owner, cluster) != 0)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_OWNED,
                   _("The libvirt network “%s” was not made by Slipway; Slipway leaves it alone. Choose another cluster name."),
                   net_name);
      return NULL;
    }

  spec = slipway_spec_new_from_data (data, -1, problems);
  if (spec == NULL || !slipway_problems_to_error (problems, net_name, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
                     _("The description of cluster “%s” stored in libvirt cannot be read."), cluster);
      return NULL;
    }

  if (active != NULL)
    *active = virNetworkIsActive (net) == 1;

  return g_steal_pointer (&spec);
}

/* Which nodes hold a DHCP lease on their reserved address. Returns FALSE
 * when the driver cannot tell (the test driver). */
static gboolean
load_leases (virConnectPtr          conn,
             const SlipwayTopology *topology,
             gboolean              *leased)
{
  g_autoptr(virNetwork) net = lookup_network (conn, topology->network_name);
  virNetworkDHCPLeasePtr *leases = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  int n;

  if (net == NULL)
    return FALSE;

  n = virNetworkGetDHCPLeases (net, NULL, &leases, 0);
  if (n < 0)
    {
      g_debug ("No DHCP leases from %s: %s", topology->network_name, virGetLastErrorMessage ());
      virResetLastError ();
      return FALSE;
    }

  for (int i = 0; i < n; i++)
    {
      for (guint j = 0; j < topology->nodes->len; j++)
        {
          const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, j);

          if (leases[i]->mac != NULL && leases[i]->ipaddr != NULL &&
              g_ascii_strcasecmp (leases[i]->mac, node->mac) == 0 &&
              g_strcmp0 (leases[i]->ipaddr, node->ipv4) == 0 &&
              (leases[i]->expirytime == 0 || leases[i]->expirytime > now))
            leased[j] = TRUE;
        }
      virNetworkDHCPLeaseFree (leases[i]);
    }
  free (leases);

  return TRUE;
}

static SlipwayClusterStatus *
load_cluster_status (virConnectPtr   conn,
                     const char     *cluster,
                     GError        **error)
{
  g_autoptr(SlipwayClusterStatus) status = g_new0 (SlipwayClusterStatus, 1);

  status->name = g_strdup (cluster);
  status->spec = load_cluster_spec (conn, cluster, &status->network_active, error);
  if (status->spec == NULL)
    return NULL;

  status->topology = slipway_topology_new (status->spec, error);
  if (status->topology == NULL)
    return NULL;

  status->states = g_new0 (SlipwayNodeState, status->topology->nodes->len);
  status->domain_ids = g_new0 (guint, status->topology->nodes->len);
  status->leased = g_new0 (gboolean, status->topology->nodes->len);
  for (guint i = 0; i < status->topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (status->topology->nodes, i);
      g_autoptr(virDomain) dom = lookup_domain (conn, node->domain_name);

      if (dom != NULL && !domain_belongs_to (dom, cluster, NULL))
        g_clear_pointer (&dom, virDomainFree);

      status->states[i] = domain_state (dom);
      if (dom != NULL && status->states[i] == SLIPWAY_NODE_STATE_RUNNING)
        {
          unsigned int id = virDomainGetID (dom);

          status->domain_ids[i] = id != (unsigned int)-1 ? id : 0;
        }

      if (dom != NULL && status->virt_type == NULL)
        {
          g_autofree char *xml = domain_xml (dom);

          status->virt_type = _slipway_xpath_string (xml, "string(/domain/@type)");
        }
    }

  if (status->network_active)
    status->leases_known = load_leases (conn, status->topology, status->leased);

  return g_steal_pointer (&status);
}

/* ------------------------------------------------------------------------ */
/* Host facts                                                               */

static gboolean
uri_is_local (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (parsed == NULL)
    return FALSE;

  host = g_uri_get_host (parsed);
  return host == NULL || host[0] == '\0' || g_str_equal (host, "localhost");
}

static gboolean
parse_ipv4 (const char *str,
            guint32    *address)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (str);
  const guint8 *b;

  if (inet == NULL || g_inet_address_get_family (inet) != G_SOCKET_FAMILY_IPV4)
    return FALSE;

  b = g_inet_address_to_bytes (inet);
  *address = ((guint32)b[0] << 24) | ((guint32)b[1] << 16) | ((guint32)b[2] << 8) | b[3];
  return TRUE;
}

static void
add_network_subnets (SlipwayHostInfo *info,
                     const char      *xml,
                     const char      *owner,
                     const char      *cluster)
{
  g_auto(GStrv) ips = _slipway_xpath_strings (xml, "/network/ip[not(@family) or @family='ipv4']/@address");

  for (guint i = 0; ips != NULL && ips[i] != NULL; i++)
    {
      g_autofree char *mask_expr = g_strdup_printf ("string(/network/ip[not(@family) or @family='ipv4'][%u]/@netmask)", i + 1);
      g_autofree char *prefix_expr = g_strdup_printf ("string(/network/ip[not(@family) or @family='ipv4'][%u]/@prefix)", i + 1);
      g_autofree char *netmask = _slipway_xpath_string (xml, mask_expr);
      g_autofree char *prefix_str = _slipway_xpath_string (xml, prefix_expr);
      guint32 address, mask;
      guint prefix = 24;

      if (!parse_ipv4 (ips[i], &address))
        continue;

      if (netmask != NULL && parse_ipv4 (netmask, &mask))
        for (prefix = 0; prefix < 32 && (mask & (0x80000000u >> prefix)) != 0; prefix++)
          ;
      else if (prefix_str != NULL && prefix_str[0] != '\0')
        prefix = MIN (32, (guint)g_ascii_strtoull (prefix_str, NULL, 10));

      mask = prefix == 0 ? 0 : 0xffffffffu << (32 - prefix);
      slipway_host_info_add_subnet (info, address & mask, prefix, owner, cluster);
    }
}

/* Routes, other libvirt networks and their Slipway clusters, memory. */
static SlipwayHostInfo *
query_host_info (virConnectPtr   conn,
                 const char     *uri,
                 GError        **error)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  virNetworkPtr *nets = NULL;
  virNodeInfo node_info;
  int n_nets;

  if (uri_is_local (uri) && g_file_test ("/proc/net/route", G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) local_error = NULL;

      if (!slipway_host_info_add_routes (info, "/proc/net/route", &local_error))
        g_debug ("Could not read host routes: %s", local_error->message);
    }

  n_nets = virConnectListAllNetworks (conn, &nets, 0);
  if (n_nets < 0)
    {
      set_virt_error (error, _("Could not list the libvirt networks"));
      return NULL;
    }

  for (int i = 0; i < n_nets; i++)
    {
      g_autofree char *xml = network_xml (nets[i]);
      g_autofree char *cluster = NULL;
      g_autofree char *owner = NULL;

      if (!slipway_xml_parse_network (xml, &cluster, NULL))
        g_clear_pointer (&cluster, g_free);

      /* Translators: %s is the name of a libvirt network */
      owner = g_strdup_printf (_("the libvirt network “%s”"), virNetworkGetName (nets[i]));
      add_network_subnets (info, xml, owner, cluster);

      if (cluster != NULL)
        {
          guint8 prefix[2];

          slipway_topology_mac_prefix (cluster, prefix);
          slipway_host_info_add_mac_prefix (info, prefix, cluster);
        }

      virNetworkFree (nets[i]);
    }
  free (nets);

  if (virNodeGetInfo (conn, &node_info) == 0)
    {
      info->memory_bytes = (guint64)node_info.memory * 1024;
      info->n_cpus = node_info.cpus;
    }
  else
    {
      virResetLastError ();
    }

  return g_steal_pointer (&info);
}

/* Fills in the subnet when unset and checks everything about @spec that
 * needs the host. Returns the problems; @spec is updated in place. */
static GPtrArray *
check_spec (virConnectPtr   conn,
            const char     *uri,
            SlipwaySpec    *spec,
            GError        **error)
{
  g_autoptr(SlipwayHostInfo) info = NULL;
  g_autoptr(GPtrArray) problems = slipway_problems_new ();

  info = query_host_info (conn, uri, error);
  if (info == NULL)
    return NULL;

  if (spec->subnet == NULL && slipway_is_valid_name (spec->name))
    {
      g_autoptr(SlipwaySpec) existing = load_cluster_spec (conn, spec->name, NULL, NULL);

      /* Resuming keeps the subnet the first attempt picked. */
      if (existing != NULL)
        spec->subnet = g_strdup (existing->subnet);
      else
        spec->subnet = slipway_host_info_pick_subnet (info, spec->name);
    }

  slipway_spec_validate (spec, problems);
  slipway_host_info_check_spec (info, spec, problems);

  return g_steal_pointer (&problems);
}

/* The domain type and architecture to use, from the host's capabilities. */
static gboolean
choose_virt_type (virConnectPtr        conn,
                  SlipwayAccelerator   accel,
                  char               **virt_type,
                  char               **arch,
                  GError             **error)
{
  static const char *arches[] = { "x86_64", "aarch64", "i686" };
  g_autofree char *caps = virConnectGetCapabilities (conn);

  if (caps == NULL)
    {
      set_virt_error (error, _("Could not read the hypervisor’s capabilities"));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (arches); i++)
    {
      g_autofree char *expr = g_strdup_printf ("/capabilities/guest[os_type='hvm']/arch[@name='%s']/domain/@type", arches[i]);
      g_auto(GStrv) types = _slipway_xpath_strings (caps, expr);
      gboolean has_kvm, has_qemu, has_test;

      if (types == NULL || types[0] == NULL)
        continue;

      has_kvm = g_strv_contains ((const char * const *)types, "kvm");
      has_qemu = g_strv_contains ((const char * const *)types, "qemu");
      has_test = g_strv_contains ((const char * const *)types, "test");

      *arch = g_strdup (arches[i]);

      /* libvirt's test driver simulates every accelerator. */
      if (has_test)
        *virt_type = g_strdup ("test");
      else if (accel == SLIPWAY_ACCELERATOR_KVM && has_kvm)
        *virt_type = g_strdup ("kvm");
      else if (accel == SLIPWAY_ACCELERATOR_TCG && has_qemu)
        *virt_type = g_strdup ("qemu");
      else if (accel == SLIPWAY_ACCELERATOR_AUTO)
        *virt_type = g_strdup (has_kvm ? "kvm" : has_qemu ? "qemu" : NULL);

      if (*virt_type != NULL)
        return TRUE;

      g_clear_pointer (arch, g_free);
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
                   accel == SLIPWAY_ACCELERATOR_KVM
                   ? _("KVM is not available on this host. Set “accelerator” to “tcg” or “auto” in the cluster file.")
                   : _("This host cannot emulate virtual machines with QEMU. Install QEMU for the libvirt daemon."));
      return FALSE;
    }

  g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
               _("The hypervisor offers no x86_64 or aarch64 virtual machines. Install QEMU for the libvirt daemon."));
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Storage                                                                  */

static char *
default_pool_path (virConnectPtr  conn,
                   const char    *uri)
{
  g_autoptr(virStoragePool) def = virStoragePoolLookupByName (conn, "default");

  if (def != NULL)
    {
      char *xml = virStoragePoolGetXMLDesc (def, 0);
      g_autofree char *path = _slipway_xpath_string (xml, "string(/pool/target/path)");

      free (xml);
      if (path != NULL && path[0] != '\0')
        return g_build_filename (path, POOL_NAME, NULL);
    }
  virResetLastError ();

  if (strstr (uri, "/session") != NULL)
    return g_build_filename (g_get_user_data_dir (), "libvirt", "images", POOL_NAME, NULL);

  return g_strdup ("/var/lib/libvirt/images/" POOL_NAME);
}

/* Slipway's directory pool, created, built and started when needed. */
static virStoragePoolPtr
ensure_pool (virConnectPtr   conn,
             const char     *uri,
             GError        **error)
{
  g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, POOL_NAME);

  if (pool == NULL)
    {
      g_autofree char *path = default_pool_path (conn, uri);
      g_autoptr(GVirConfigStoragePool) config = slipway_xml_pool (POOL_NAME, path);
      g_autofree char *xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (config));

      virResetLastError ();
      pool = virStoragePoolDefineXML (conn, xml, 0);
      if (pool == NULL)
        {
          set_virt_error (error, _("Could not define the storage pool “%s”"), POOL_NAME);
          return NULL;
        }

      if (virStoragePoolBuild (pool, 0) < 0)
        {
          set_virt_error (error, _("Could not make the folder “%s” for the storage pool"), path);
          virStoragePoolUndefine (pool);
          return NULL;
        }

      virStoragePoolSetAutostart (pool, 1);
    }

  if (virStoragePoolIsActive (pool) != 1 && virStoragePoolCreate (pool, 0) < 0)
    {
      set_virt_error (error, _("Could not start the storage pool “%s”"), POOL_NAME);
      return NULL;
    }

  /* Volume creation fails without a GError unless the pool was refreshed. */
  if (virStoragePoolRefresh (pool, 0) < 0)
    {
      set_virt_error (error, _("Could not refresh the storage pool “%s”"), POOL_NAME);
      return NULL;
    }

  return g_steal_pointer (&pool);
}

static virStorageVolPtr
create_volume (virStoragePoolPtr     pool,
               const char           *name,
               GVirConfigStorageVol *config,
               GError              **error)
{
  g_autofree char *xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (config));
  virStorageVolPtr vol = virStorageVolCreateXML (pool, xml, 0);

  if (vol == NULL)
    set_virt_error (error, _("Could not create the volume “%s”"), name);

  return vol;
}

static void
delete_volume (virStoragePoolPtr  pool,
               const char        *name)
{
  g_autoptr(virStorageVol) vol = lookup_volume (pool, name);

  if (vol != NULL && virStorageVolDelete (vol, 0) < 0)
    {
      g_debug ("Could not delete volume %s: %s", name, virGetLastErrorMessage ());
      virResetLastError ();
    }
}

typedef gssize (*ReadFunc) (gpointer data, char *buf, gsize len, GError **error);

/* Streams @length bytes into @vol, reporting progress for @node from
 * @from to @to of the current step (so that progress never goes back).
 * libvirt's test driver keeps no volume contents: nothing to send there. */
static gboolean
upload_volume (Job               *job,
               virStorageVolPtr   vol,
               guint64            length,
               ReadFunc           read_func,
               gpointer           read_data,
               const char        *node,
               const char        *step,
               double             from,
               double             to,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr(virStream) stream = NULL;
  g_autofree char *buf = NULL;
  guint64 sent = 0;
  int last_percent = -1;

  if (job->self->is_test_driver)
    {
      g_debug ("libvirt's test driver stores no volume contents; not uploading %s", step);
      return TRUE;
    }

  stream = virStreamNew (job->conn, 0);
  if (stream == NULL || virStorageVolUpload (vol, stream, 0, length, 0) < 0)
    {
      set_virt_error (error, _("Could not start uploading into volume “%s”"), virStorageVolGetName (vol));
      return FALSE;
    }

  buf = g_malloc (UPLOAD_CHUNK);
  while (sent < length)
    {
      gssize n = read_func (read_data, buf, MIN (UPLOAD_CHUNK, length - sent), error);
      gssize off = 0;
      int percent;

      if (n <= 0 || g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          if (n == 0 && error != NULL && *error == NULL)
            g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                         _("The file ended before all of it was uploaded"));
          virStreamAbort (stream);
          return FALSE;
        }

      while (off < n)
        {
          int r = virStreamSend (stream, buf + off, n - off);

          if (r < 0)
            {
              set_virt_error (error, _("Uploading into volume “%s” failed"), virStorageVolGetName (vol));
              virStreamAbort (stream);
              return FALSE;
            }
          off += r;
        }

      sent += n;
      percent = (int)(sent * 100 / MAX (length, 1));
      if (percent != last_percent)
        {
          job_progress (job, node, from + (to - from) * sent / MAX (length, 1), "%s", step);
          last_percent = percent;
        }
    }

  if (virStreamFinish (stream) < 0)
    {
      set_virt_error (error, _("Could not finish uploading into volume “%s”"), virStorageVolGetName (vol));
      return FALSE;
    }

  return TRUE;
}

static gssize
read_fd_cb (gpointer   data,
            char      *buf,
            gsize      len,
            GError   **error)
{
  int fd = GPOINTER_TO_INT (data);
  gssize n;

  do
    n = read (fd, buf, len);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      int saved_errno = errno;

      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                   _("Could not read the image: %s"), g_strerror (saved_errno));
    }

  return n;
}

typedef struct
{
  GBytes *bytes;
  gsize   offset;
} BytesReader;

static gssize
read_bytes_cb (gpointer   data,
               char      *buf,
               gsize      len,
               GError   **error)
{
  BytesReader *reader = data;
  gsize size;
  const guint8 *src = g_bytes_get_data (reader->bytes, &size);
  gsize n = MIN (len, size - reader->offset);

  memcpy (buf, src + reader->offset, n);
  reader->offset += n;

  return n;
}

/* ------------------------------------------------------------------------ */
/* The base image                                                           */

typedef struct
{
  char    *path;            /* local file */
  char    *format;          /* "qcow2" or "raw" */
  guint64  file_size;
  guint64  virtual_size;
  char    *checksum;        /* sha256, hex */
} ImageInfo;

static void
image_info_free (ImageInfo *image)
{
  g_free (image->path);
  g_free (image->format);
  g_free (image->checksum);
  g_free (image);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImageInfo, image_info_free)

static ImageInfo *
inspect_image (Job           *job,
               const char    *path,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(ImageInfo) image = g_new0 (ImageInfo, 1);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *buf = g_malloc (UPLOAD_CHUNK);
  guint8 header[32];
  struct stat st;
  guint64 done = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) < 0)
    {
      int saved_errno = errno;

      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                   _("Could not open the image “%s”: %s"), path, g_strerror (saved_errno));
      if (fd >= 0)
        close (fd);
      return NULL;
    }

  image->path = g_strdup (path);
  image->file_size = st.st_size;
  image->virtual_size = st.st_size;
  image->format = g_strdup ("raw");

  for (;;)
    {
      gssize n = read_fd_cb (GINT_TO_POINTER (fd), buf, UPLOAD_CHUNK, error);

      if (n < 0 || g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return NULL;
        }
      if (n == 0)
        break;

      if (done == 0 && n >= (gssize)sizeof header)
        memcpy (header, buf, sizeof header);

      g_checksum_update (checksum, (const guchar *)buf, n);
      done += n;
      if (image->file_size > 0 && (done * 100 / image->file_size) != ((done - n) * 100 / image->file_size))
        job_progress (job, NULL, (double)done / image->file_size, _("Checking the image"));
    }
  close (fd);

  /* qcow2 starts with "QFI\xfb", then the version, and holds its virtual
   * size big-endian at offset 24. */
  if (done >= sizeof header && memcmp (header, "QFI\xfb", 4) == 0)
    {
      g_free (image->format);
      image->format = g_strdup ("qcow2");
      image->virtual_size = 0;
      for (guint i = 24; i < 32; i++)
        image->virtual_size = (image->virtual_size << 8) | header[i];
    }

  image->checksum = g_strdup (g_checksum_get_string (checksum));

  return g_steal_pointer (&image);
}

static char *
base_volume_name (const ImageInfo *image)
{
  return g_strdup_printf ("slipway-base-%.16s.%s", image->checksum, image->format);
}

/* The image as a volume of the pool, uploaded once: volumes are named by the
 * image's checksum, so the same image is never copied twice. */
static virStorageVolPtr
ensure_base_volume (Job                *job,
                    virStoragePoolPtr   pool,
                    const ImageInfo    *image,
                    gboolean           *created,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autofree char *name = base_volume_name (image);
  g_autoptr(virStorageVol) vol = lookup_volume (pool, name);
  g_autoptr(GVirConfigStorageVol) config = NULL;
  gboolean ok;
  int fd;

  *created = FALSE;

  if (vol != NULL)
    {
      virStorageVolInfo info;

      /* An upload killed halfway leaves a short file behind: the volume
       * starts empty, so only a complete upload has the image's size. */
      if (job->self->is_test_driver ||
          (virStorageVolGetInfoFlags (vol, &info, VIR_STORAGE_VOL_GET_PHYSICAL) == 0 &&
           info.allocation == image->file_size))
        {
          job_progress (job, NULL, 1.0, _("Using the image already imported"));
          return g_steal_pointer (&vol);
        }

      virResetLastError ();
      g_debug ("Base volume %s is incomplete, importing it again", name);
      virStorageVolDelete (vol, 0);
      g_clear_pointer (&vol, virStorageVolFree);
    }

  /* An empty raw file: the upload gives it the image's bytes, whatever the
   * image's format (the overlays name that format themselves). */
  config = slipway_xml_volume (name, job->self->is_test_driver ? image->file_size : 0, "raw");
  vol = create_volume (pool, name, config, error);
  if (vol == NULL)
    return NULL;
  *created = TRUE;

  fd = g_open (image->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                   _("Could not open the image “%s”: %s"), image->path, g_strerror (saved_errno));
      ok = FALSE;
    }
  else
    {
      ok = upload_volume (job, vol, image->file_size, read_fd_cb, GINT_TO_POINTER (fd),
                          NULL, _("Importing the image"), 0.0, 1.0, cancellable, error);
      close (fd);
    }

  if (!ok)
    {
      virStorageVolDelete (vol, 0);
      *created = FALSE;
      return NULL;
    }

  return g_steal_pointer (&vol);
}

/* ------------------------------------------------------------------------ */
/* Per-node objects                                                         */

/* Everything a node needs that is the same for all nodes of the cluster. */
typedef struct
{
  SlipwaySpec     *spec;
  SlipwayTopology *topology;
  char            *virt_type;
  char            *arch;
  char            *base_path;
  char            *base_format;
  char            *public_key;
} ClusterPlan;

static void
cluster_plan_free (ClusterPlan *plan)
{
  g_clear_pointer (&plan->spec, slipway_spec_free);
  g_clear_pointer (&plan->topology, slipway_topology_free);
  g_free (plan->virt_type);
  g_free (plan->arch);
  g_free (plan->base_path);
  g_free (plan->base_format);
  g_free (plan->public_key);
  g_free (plan);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClusterPlan, cluster_plan_free)

static GBytes *
build_seed (const ClusterPlan      *plan,
            const SlipwayNodeInfo  *node,
            GError                **error)
{
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  g_auto(GStrv) key_list = NULL;
  g_autofree char *instance_id = g_strdup_printf ("iid-%s", node->domain_name);
  g_autofree char *meta_data = NULL;
  g_autofree char *user_data = NULL;
  g_autofree char *host_private = NULL;
  g_autofree char *host_public = NULL;
  SlipwayCloudConfig config = { 0 };

  /* The node's own host key, the one pinned in the cluster's known_hosts;
   * the same on every reset. */
  if (!slipway_keys_ensure_host_key (plan->spec->name, node->name, &host_private, &host_public,
                                     NULL, error))
    return NULL;

  g_strv_builder_add (keys, plan->public_key);
  if (plan->spec->ssh_authorized_keys != NULL)
    g_strv_builder_addv (keys, (const char **)plan->spec->ssh_authorized_keys);
  key_list = g_strv_builder_end (keys);

  config.instance_id = instance_id;
  config.hostname = node->name;
  config.fqdn = node->fqdn;
  config.user = plan->spec->user;
  config.authorized_keys = (const char * const *)key_list;
  config.host_key_private = host_private;
  config.host_key_public = host_public;
  config.password_hash = plan->spec->password_hash;
  config.console_autologin = plan->spec->console_autologin;

  meta_data = slipway_cloud_init_meta_data (&config);
  user_data = slipway_cloud_init_user_data (&config, error);
  if (user_data == NULL)
    return NULL;

  return slipway_seed_iso_build (meta_data, user_data, error);
}

/* A fresh overlay and seed for @node; existing ones are replaced. */
static gboolean
make_node_volumes (Job                    *job,
                   virStoragePoolPtr       pool,
                   const ClusterPlan      *plan,
                   const SlipwayNodeInfo  *node,
                   GPtrArray              *created_volumes,
                   char                  **overlay_path,
                   char                  **seed_path,
                   GCancellable           *cancellable,
                   GError                **error)
{
  g_autofree char *overlay_name = overlay_volume_name (node);
  g_autofree char *seed_name = seed_volume_name (node);
  g_autoptr(GVirConfigStorageVol) overlay_config = NULL;
  g_autoptr(GVirConfigStorageVol) seed_config = NULL;
  g_autoptr(virStorageVol) overlay = NULL;
  g_autoptr(virStorageVol) seed = NULL;
  g_autoptr(GBytes) seed_bytes = NULL;
  BytesReader reader = { 0 };

  delete_volume (pool, overlay_name);
  delete_volume (pool, seed_name);

  job_progress (job, node->name, 0.0, _("Creating the disk"));
  overlay_config = slipway_xml_overlay_volume (overlay_name, node->disk_bytes,
                                               plan->base_path, plan->base_format);
  overlay = create_volume (pool, overlay_name, overlay_config, error);
  if (overlay == NULL)
    return FALSE;
  if (created_volumes != NULL)
    g_ptr_array_add (created_volumes, g_strdup (overlay_name));

  job_progress (job, node->name, 0.3, _("Writing the cloud-init seed"));
  seed_bytes = build_seed (plan, node, error);
  if (seed_bytes == NULL)
    return FALSE;

  seed_config = slipway_xml_volume (seed_name, g_bytes_get_size (seed_bytes), "raw");
  seed = create_volume (pool, seed_name, seed_config, error);
  if (seed == NULL)
    return FALSE;
  if (created_volumes != NULL)
    g_ptr_array_add (created_volumes, g_strdup (seed_name));

  reader.bytes = seed_bytes;
  /* Between "Writing the cloud-init seed" (0.3) and what the caller says
   * next: "Defining the virtual machine" (0.8). */
  if (!upload_volume (job, seed, g_bytes_get_size (seed_bytes), read_bytes_cb, &reader,
                      node->name, _("Writing the cloud-init seed"), 0.3, 0.7, cancellable, error))
    return FALSE;

  *overlay_path = vol_path (overlay);
  *seed_path = vol_path (seed);

  return TRUE;
}

static virDomainPtr
define_node_domain (virConnectPtr           conn,
                    const ClusterPlan      *plan,
                    const SlipwayNodeInfo  *node,
                    const char             *overlay_path,
                    const char             *seed_path,
                    GError                **error)
{
  g_autoptr(GVirConfigDomain) config = NULL;
  g_autofree char *xml = NULL;
  SlipwayDomainParams params = { 0 };
  virDomainPtr dom;

  params.virt_type = plan->virt_type;
  params.arch = plan->arch;
  params.overlay_path = overlay_path;
  params.seed_path = seed_path;

  config = slipway_xml_domain (plan->topology, node, &params);
  xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (config));
  dom = virDomainDefineXML (conn, xml);
  if (dom == NULL)
    set_virt_error (error, _("Could not define the virtual machine “%s”"), node->domain_name);

  return dom;
}

static gboolean
start_domain (virDomainPtr   dom,
              GError       **error)
{
  if (domain_is_active (dom))
    return TRUE;

  if (virDomainCreate (dom) < 0)
    {
      set_virt_error (error, _("Could not start the virtual machine “%s”"), virDomainGetName (dom));
      return FALSE;
    }

  return TRUE;
}

static void
force_off_domain (virDomainPtr dom)
{
  if (domain_is_active (dom) && virDomainDestroy (dom) < 0)
    {
      g_debug ("Could not force off %s: %s", virDomainGetName (dom), virGetLastErrorMessage ());
      virResetLastError ();
    }
}

static void
undefine_domain (virDomainPtr dom)
{
  force_off_domain (dom);
  if (virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                   VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                                   VIR_DOMAIN_UNDEFINE_NVRAM) < 0)
    {
      virResetLastError ();
      if (virDomainUndefine (dom) < 0)
        {
          g_debug ("Could not undefine %s: %s", virDomainGetName (dom), virGetLastErrorMessage ());
          virResetLastError ();
        }
    }
}

static gboolean
ensure_network_active (virConnectPtr   conn,
                       const char     *name,
                       GError        **error)
{
  g_autoptr(virNetwork) net = lookup_network (conn, name);

  if (net == NULL)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   _("The libvirt network “%s” is missing. Destroy the cluster and create it again."), name);
      return FALSE;
    }

  if (virNetworkIsActive (net) != 1 && virNetworkCreate (net) < 0)
    {
      set_virt_error (error, _("Could not start the network “%s”"), name);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Create                                                                   */

/* What a create made, so that a failure can take it back. */
typedef struct
{
  gboolean   network;
  GPtrArray *volumes;     /* names in the pool */
  GPtrArray *domains;     /* names */
  gboolean   resumed;     /* objects from an earlier attempt were found */
} Made;

static void
rollback (virConnectPtr      conn,
          virStoragePoolPtr  pool,
          const char        *network_name,
          Made              *made)
{
  for (guint i = made->domains->len; i > 0; i--)
    {
      g_autoptr(virDomain) dom = lookup_domain (conn, g_ptr_array_index (made->domains, i - 1));

      if (dom != NULL)
        undefine_domain (dom);
    }

  for (guint i = made->volumes->len; pool != NULL && i > 0; i--)
    delete_volume (pool, g_ptr_array_index (made->volumes, i - 1));

  if (made->network)
    {
      g_autoptr(virNetwork) net = lookup_network (conn, network_name);

      if (net != NULL)
        {
          if (virNetworkIsActive (net) == 1)
            virNetworkDestroy (net);
          virNetworkUndefine (net);
          virResetLastError ();
        }
    }
}

static gboolean
create_network (Job               *job,
                const ClusterPlan *plan,
                Made              *made,
                GError           **error)
{
  g_autoptr(virNetwork) net = lookup_network (job->conn, plan->topology->network_name);
  g_autofree char *spec_data = slipway_spec_to_data (plan->spec, FALSE);

  if (net == NULL)
    {
      g_autofree char *xml = slipway_xml_network (plan->topology, plan->spec->network, spec_data);

      net = virNetworkDefineXML (job->conn, xml);
      if (net == NULL)
        {
          set_virt_error (error, _("Could not define the network “%s”"), plan->topology->network_name);
          return FALSE;
        }
      made->network = TRUE;
      virNetworkSetAutostart (net, 1);
    }
  else
    {
      made->resumed = TRUE;
    }

  if (virNetworkIsActive (net) != 1 && virNetworkCreate (net) < 0)
    {
      set_virt_error (error, _("Could not start the network “%s”"), plan->topology->network_name);
      return FALSE;
    }

  return TRUE;
}

/* Nothing in the way: names the cluster would take must be free or ours. */
static gboolean
preflight (Job                *job,
           const ClusterPlan  *plan,
           GError            **error)
{
  g_autofree char *net_name = g_strdup (plan->topology->network_name);
  g_autoptr(virNetwork) net = lookup_network (job->conn, net_name);
  guint existing_domains = 0;

  if (net != NULL)
    {
      g_autofree char *xml = network_xml (net);
      g_autofree char *owner = NULL;
      g_autofree char *data = NULL;

      if (!slipway_xml_parse_network (xml, &owner, &data) || g_strcmp0 (owner, plan->spec->name) != 0)
        {
          g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_OWNED,
                       _("A libvirt network named “%s” exists and was not made by Slipway for this cluster. Choose another cluster name."),
                       net_name);
          return FALSE;
        }
    }

  for (guint i = 0; i < plan->topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (plan->topology->nodes, i);
      g_autoptr(virDomain) dom = lookup_domain (job->conn, node->domain_name);
      guint id;

      if (dom == NULL)
        continue;

      if (!domain_belongs_to (dom, plan->spec->name, &id) || id != node->id)
        {
          g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_OWNED,
                       _("A virtual machine named “%s” exists and is not node %s of this cluster. Choose another cluster name or remove that machine."),
                       node->domain_name, node->name);
          return FALSE;
        }
      existing_domains++;
    }

  if (net != NULL && existing_domains == plan->topology->nodes->len)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_EXISTS,
                   _("The cluster “%s” exists already. Start it, or destroy it first to create it anew."),
                   plan->spec->name);
      return FALSE;
    }

  if (net != NULL)
    {
      g_autofree char *xml = network_xml (net);
      g_autofree char *data = NULL;
      g_autoptr(GPtrArray) problems = slipway_problems_new ();
      g_autoptr(SlipwaySpec) stored = NULL;

      slipway_xml_parse_network (xml, NULL, &data);
      stored = slipway_spec_new_from_data (data, -1, problems);
      if (stored == NULL || !slipway_spec_equal (stored, plan->spec))
        {
          g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_EXISTS,
                       _("An unfinished cluster “%s” exists with a different description. Destroy it first, or create it again from the same file to finish it."),
                       plan->spec->name);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
create_nodes (Job                *job,
              virStoragePoolPtr   pool,
              const ClusterPlan  *plan,
              Made               *made,
              GCancellable       *cancellable,
              GError            **error)
{
  guint n = plan->topology->nodes->len;
  double start = job->span_start;
  double end = job->span_end;

  for (guint i = 0; i < n; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (plan->topology->nodes, i);
      g_autoptr(virDomain) dom = lookup_domain (job->conn, node->domain_name);
      g_autofree char *overlay_path = NULL;
      g_autofree char *seed_path = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      job_span (job, start + (end - start) * i / n, start + (end - start) * (i + 1) / n);

      if (dom != NULL)
        {
          /* Resuming: this node was made by an earlier attempt. */
          made->resumed = TRUE;
        }
      else
        {
          if (!make_node_volumes (job, pool, plan, node, made->volumes, &overlay_path, &seed_path,
                                  cancellable, error))
            return FALSE;

          job_progress (job, node->name, 0.8, _("Defining the virtual machine"));
          dom = define_node_domain (job->conn, plan, node, overlay_path, seed_path, error);
          if (dom == NULL)
            return FALSE;
          g_ptr_array_add (made->domains, g_strdup (node->domain_name));
        }

      job_progress (job, node->name, 0.9, _("Starting"));
      if (!start_domain (dom, error))
        return FALSE;
      job_progress (job, node->name, 1.0, _("Started"));
    }

  return TRUE;
}

static void
create_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(ClusterPlan) plan = g_new0 (ClusterPlan, 1);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(virStoragePool) pool = NULL;
  g_autoptr(virStorageVol) base = NULL;
  g_autoptr(ImageInfo) image = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *private_key = NULL;
  gboolean base_created = FALSE;
  Made made = { 0 };

  job->conn = slipway_provisioner_connect (job->self, cancellable, &error);
  if (job->conn == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job_span (job, 0.0, 0.02);
  job_progress (job, NULL, 0.0, _("Checking the cluster description"));
  plan->spec = slipway_spec_copy (job->spec);
  problems = check_spec (job->conn, job->self->uri, plan->spec, &error);
  if (problems == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!slipway_problems_to_error (problems, plan->spec->name, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  plan->topology = slipway_topology_new (plan->spec, &error);
  if (plan->topology == NULL ||
      !choose_virt_type (job->conn, plan->spec->accelerator, &plan->virt_type, &plan->arch, &error) ||
      !preflight (job, plan, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job_progress (job, NULL, 0.5, _("Preparing the SSH keys"));
  if (!slipway_keys_ensure_cluster_key (plan->spec->name, &private_key, &plan->public_key,
                                        cancellable, &error) ||
      !slipway_keys_write_trust_files (plan->topology, plan->spec->user, NULL,
                                       cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job_span (job, 0.02, 0.10);
  image = inspect_image (job, plan->spec->image, cancellable, &error);
  if (image == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < plan->topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (plan->topology->nodes, i);

      if (node->disk_bytes < image->virtual_size)
        {
          g_autofree char *disk = slipway_format_size (node->disk_bytes);
          g_autofree char *need = slipway_format_size (image->virtual_size);

          g_set_error (&error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
                       /* Translators: %s are a role, two sizes and the role again */
                       _("[%s] disk: %s is smaller than the image, which needs %s. Set “disk” in [%s] to at least that."),
                       slipway_role_to_string (node->role), disk, need,
                       slipway_role_to_string (node->role));
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  made.volumes = g_ptr_array_new_with_free_func (g_free);
  made.domains = g_ptr_array_new_with_free_func (g_free);

  job_span (job, 0.10, 0.12);
  job_progress (job, NULL, 0.0, _("Creating the network"));
  if (!create_network (job, plan, &made, &error))
    goto failed;

  job_progress (job, NULL, 0.5, _("Preparing storage"));
  pool = ensure_pool (job->conn, job->self->uri, &error);
  if (pool == NULL)
    goto failed;

  job_span (job, 0.12, 0.50);
  base = ensure_base_volume (job, pool, image, &base_created, cancellable, &error);
  if (base == NULL)
    goto failed;
  if (base_created)
    g_ptr_array_add (made.volumes, g_strdup (virStorageVolGetName (base)));
  plan->base_path = vol_path (base);
  plan->base_format = g_strdup (image->format);

  job_span (job, 0.50, 1.0);
  if (!create_nodes (job, pool, plan, &made, cancellable, &error))
    goto failed;

  job_progress (job, NULL, 1.0, _("Cluster created"));
  g_ptr_array_unref (made.volumes);
  g_ptr_array_unref (made.domains);
  g_task_return_boolean (task, TRUE);
  return;

failed:
  /* Whatever was made is taken back, even when the cancellable fired. */
  rollback (job->conn, pool, plan->topology->network_name, &made);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   made.resumed
                   ? _("Creating cluster “%s” was cancelled. What this attempt made was removed; what an earlier attempt made remains: create the cluster again from the same file to finish it, or destroy it.")
                   : _("Creating cluster “%s” was cancelled. Everything it had made was removed."),
                   plan->spec->name);
    }
  else
    {
      g_prefix_error (&error,
                      made.resumed
                      ? _("Creating cluster “%s” failed. What this attempt made was removed; what an earlier attempt made remains: fix the problem and create the cluster again from the same file to finish it, or destroy it. ")
                      : _("Creating cluster “%s” failed, and everything it had made was removed. "),
                      plan->spec->name);
    }
  g_ptr_array_unref (made.volumes);
  g_ptr_array_unref (made.domains);
  g_task_return_error (task, g_steal_pointer (&error));
}

/* ------------------------------------------------------------------------ */
/* Start, stop, force off, reset                                            */

/* The base volume an existing overlay is backed by. */
static gboolean
find_base_volume (virStoragePoolPtr   pool,
                  SlipwayTopology    *topology,
                  char              **path,
                  char              **format)
{
  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);
      g_autofree char *name = overlay_volume_name (node);
      g_autoptr(virStorageVol) vol = lookup_volume (pool, name);
      g_autofree char *xml = NULL;

      if (vol == NULL)
        continue;

      xml = vol_xml (vol);
      *path = _slipway_xpath_string (xml, "string(/volume/backingStore/path)");
      *format = _slipway_xpath_string (xml, "string(/volume/backingStore/format/@type)");
      if (*path != NULL && (*path)[0] != '\0')
        {
          if (*format == NULL || (*format)[0] == '\0')
            {
              g_free (*format);
              *format = g_strdup ("qcow2");
            }
          return TRUE;
        }
      g_clear_pointer (path, g_free);
      g_clear_pointer (format, g_free);
    }

  return FALSE;
}

static gboolean
wait_for_shutdown (Job            *job,
                   GPtrArray      *domains,
                   guint           timeout,
                   GCancellable   *cancellable,
                   GError        **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout * G_USEC_PER_SEC;

  for (;;)
    {
      guint running = 0;

      for (guint i = 0; i < domains->len; i++)
        if (domain_is_active (g_ptr_array_index (domains, i)))
          running++;

      job_progress (job, NULL, domains->len ? 1.0 - (double)running / domains->len : 1.0,
                    g_dngettext (GETTEXT_PACKAGE, "Waiting for %u node to shut down",
                                 "Waiting for %u nodes to shut down", running),
                    running);

      if (running == 0 || g_get_monotonic_time () >= deadline)
        return TRUE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      g_usleep (G_USEC_PER_SEC / 4);
    }
}

static gboolean
stop_nodes (Job           *job,
            GPtrArray     *nodes,
            GPtrArray     *domains,
            gboolean       force,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GPtrArray) asked = g_ptr_array_new ();

  if (!force)
    {
      job_span (job, 0.0, 0.8);
      for (guint i = 0; i < domains->len; i++)
        {
          virDomainPtr dom = g_ptr_array_index (domains, i);
          const SlipwayNodeInfo *node = g_ptr_array_index (nodes, i);

          if (dom == NULL || !domain_is_active (dom))
            continue;

          job_progress (job, node->name, 0.0, _("Asking to shut down"));
          if (virDomainShutdown (dom) < 0)
            {
              g_debug ("Graceful shutdown of %s refused: %s", node->domain_name, virGetLastErrorMessage ());
              virResetLastError ();
            }
          g_ptr_array_add (asked, dom);
        }

      if (!wait_for_shutdown (job, asked, job->self->stop_timeout, cancellable, error))
        return FALSE;
    }

  job_span (job, force ? 0.0 : 0.8, 1.0);
  for (guint i = 0; i < domains->len; i++)
    {
      virDomainPtr dom = g_ptr_array_index (domains, i);
      const SlipwayNodeInfo *node = g_ptr_array_index (nodes, i);

      if (dom == NULL || !domain_is_active (dom))
        continue;

      job_progress (job, node->name, (double)i / domains->len,
                    force ? _("Forcing off") : _("Did not shut down in time; forcing off"));
      if (virDomainDestroy (dom) < 0)
        {
          set_virt_error (error, _("Could not force off “%s”"), node->domain_name);
          return FALSE;
        }
    }

  return TRUE;
}

static void
run_worker (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(ClusterPlan) plan = g_new0 (ClusterPlan, 1);
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) domains = NULL;
  g_autoptr(virStoragePool) pool = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *private_key = NULL;

  job->conn = slipway_provisioner_connect (job->self, cancellable, &error);
  if (job->conn == NULL)
    goto out;

  plan->spec = load_cluster_spec (job->conn, job->cluster, NULL, &error);
  if (plan->spec == NULL)
    goto out;
  plan->topology = slipway_topology_new (plan->spec, &error);
  if (plan->topology == NULL)
    goto out;

  nodes = slipway_topology_select (plan->topology, (const char * const *)job->targets, &error);
  if (nodes == NULL)
    goto out;

  domains = g_ptr_array_new_with_free_func (domain_free);
  for (guint i = 0; i < nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (nodes, i);
      virDomainPtr dom = lookup_domain (job->conn, node->domain_name);

      if (dom != NULL && !domain_belongs_to (dom, job->cluster, NULL))
        {
          g_set_error (&error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_OWNED,
                       _("The virtual machine “%s” was not made by Slipway for this cluster; Slipway leaves it alone."),
                       node->domain_name);
          virDomainFree (dom);
          goto out;
        }

      if (dom == NULL && job->operation != SLIPWAY_OPERATION_RESET)
        {
          g_set_error (&error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                       _("Node “%s” has no virtual machine. Reset it to make it again."), node->name);
          goto out;
        }

      g_ptr_array_add (domains, dom);
    }

  switch (job->operation)
    {
    case SLIPWAY_OPERATION_START:
      job_progress (job, NULL, 0.0, _("Starting the network"));
      if (!ensure_network_active (job->conn, plan->topology->network_name, &error))
        goto out;
      for (guint i = 0; i < domains->len; i++)
        {
          const SlipwayNodeInfo *node = g_ptr_array_index (nodes, i);

          if (g_cancellable_set_error_if_cancelled (cancellable, &error))
            goto out;
          job_progress (job, node->name, (double)i / domains->len, _("Starting"));
          if (!start_domain (g_ptr_array_index (domains, i), &error))
            goto out;
        }
      break;

    case SLIPWAY_OPERATION_STOP:
    case SLIPWAY_OPERATION_FORCE_OFF:
      if (!stop_nodes (job, nodes, domains, job->operation == SLIPWAY_OPERATION_FORCE_OFF,
                       cancellable, &error))
        goto out;
      break;

    case SLIPWAY_OPERATION_RESET:
      if (!ensure_network_active (job->conn, plan->topology->network_name, &error))
        goto out;
      pool = ensure_pool (job->conn, job->self->uri, &error);
      if (pool == NULL)
        goto out;
      if (!find_base_volume (pool, plan->topology, &plan->base_path, &plan->base_format))
        {
          g_set_error (&error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                       _("The base image of cluster “%s” is gone from the storage pool. Destroy the cluster and create it again."),
                       job->cluster);
          goto out;
        }
      if (!choose_virt_type (job->conn, plan->spec->accelerator, &plan->virt_type, &plan->arch, &error))
        goto out;
      /* The host keys are kept: the nodes come back with the identity
       * known_hosts pins, and nobody sees a changed-key warning. */
      if (!slipway_keys_ensure_cluster_key (plan->spec->name, &private_key, &plan->public_key,
                                            cancellable, &error) ||
          !slipway_keys_write_trust_files (plan->topology, plan->spec->user, NULL,
                                           cancellable, &error))
        goto out;

      for (guint i = 0; i < nodes->len; i++)
        {
          const SlipwayNodeInfo *node = g_ptr_array_index (nodes, i);
          virDomainPtr dom = g_ptr_array_index (domains, i);
          g_autofree char *overlay_path = NULL;
          g_autofree char *seed_path = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, &error))
            goto out;

          job_span (job, (double)i / nodes->len, (double)(i + 1) / nodes->len);
          job_progress (job, node->name, 0.0, _("Forcing off"));
          if (dom != NULL)
            force_off_domain (dom);

          /* Fresh disk and seed; MAC, address and name stay as they were. */
          if (!make_node_volumes (job, pool, plan, node, NULL, &overlay_path, &seed_path,
                                  cancellable, &error))
            goto out;

          if (dom == NULL)
            {
              dom = define_node_domain (job->conn, plan, node, overlay_path, seed_path, &error);
              if (dom == NULL)
                goto out;
              g_ptr_array_index (domains, i) = dom;
            }

          job_progress (job, node->name, 0.9, _("Starting"));
          if (!start_domain (dom, &error))
            goto out;
          job_progress (job, node->name, 1.0, _("Started"));
        }
      break;

    case SLIPWAY_OPERATION_CREATE:
    case SLIPWAY_OPERATION_DESTROY:
    default:
      g_assert_not_reached ();
    }

  job_span (job, 0.0, 1.0);
  job_progress (job, NULL, 1.0, _("Done"));

out:
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------------------ */
/* Destroy                                                                  */

static void
destroy_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(SlipwayTopology) topology = NULL;
  g_autoptr(virStoragePool) pool = NULL;
  g_autoptr(GHashTable) volumes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) bases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *net_name = NULL;
  g_autoptr(virNetwork) net = NULL;
  virDomainPtr *doms = NULL;
  gboolean found = FALSE;
  int n_doms;

  job->conn = slipway_provisioner_connect (job->self, cancellable, &error);
  if (job->conn == NULL)
    goto out;

  net_name = slipway_topology_network_name (job->cluster);
  spec = load_cluster_spec (job->conn, job->cluster, NULL, &error);
  if (spec == NULL)
    {
      /* A network that is not ours stops everything; a missing one does not:
       * an interrupted create can leave domains without their network. */
      if (!g_error_matches (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND))
        goto out;
      g_clear_error (&error);
    }
  else
    {
      found = TRUE;
      topology = slipway_topology_new (spec, NULL);
    }

  pool = virStoragePoolLookupByName (job->conn, POOL_NAME);
  if (pool == NULL)
    virResetLastError ();
  else
    virStoragePoolRefresh (pool, 0);

  /* Every domain whose metadata names this cluster, whatever its name. */
  job_span (job, 0.0, 0.7);
  n_doms = virConnectListAllDomains (job->conn, &doms, 0);
  if (n_doms < 0)
    {
      set_virt_error (&error, _("Could not list the virtual machines"));
      goto out;
    }
  for (int i = 0; i < n_doms; i++)
    {
      if (domain_belongs_to (doms[i], job->cluster, NULL))
        {
          const char *name = virDomainGetName (doms[i]);

          found = TRUE;
          job_progress (job, name, (double)i / n_doms, _("Removing the virtual machine"));
          undefine_domain (doms[i]);
          g_hash_table_add (volumes, g_strdup_printf ("%s.qcow2", name));
          g_hash_table_add (volumes, g_strdup_printf ("%s-seed.iso", name));
        }
      virDomainFree (doms[i]);
    }
  free (doms);

  if (!found)
    {
      g_set_error (&error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   _("There is no cluster named “%s” on this connection."), job->cluster);
      goto out;
    }

  /* Volumes are ours by name, in our pool: those of every node the cluster
   * has or had. */
  for (guint i = 0; topology != NULL && i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

      g_hash_table_add (volumes, overlay_volume_name (node));
      g_hash_table_add (volumes, seed_volume_name (node));
    }

  job_span (job, 0.7, 0.9);
  if (pool != NULL)
    {
      GHashTableIter iter;
      const char *name;

      g_hash_table_iter_init (&iter, volumes);
      while (g_hash_table_iter_next (&iter, (gpointer *)&name, NULL))
        {
          g_autoptr(virStorageVol) vol = lookup_volume (pool, name);
          g_autofree char *xml = NULL;
          g_autofree char *backing = NULL;

          if (vol == NULL)
            continue;

          xml = vol_xml (vol);
          backing = _slipway_xpath_string (xml, "string(/volume/backingStore/path)");
          if (backing != NULL && backing[0] != '\0')
            g_hash_table_add (bases, g_steal_pointer (&backing));

          job_progress (job, NULL, 0.5, _("Removing disks"));
          if (virStorageVolDelete (vol, 0) < 0)
            {
              set_virt_error (&error, _("Could not delete the volume “%s”"), name);
              goto out;
            }
        }
    }

  if (pool != NULL && (job->flags & SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE) != 0)
    {
      virStorageVolPtr *vols = NULL;
      int n_vols = virStoragePoolListAllVolumes (pool, &vols, 0);

      /* A base image stays while any other overlay still uses it. */
      for (int i = 0; i < n_vols; i++)
        {
          g_autofree char *xml = vol_xml (vols[i]);
          g_autofree char *backing = _slipway_xpath_string (xml, "string(/volume/backingStore/path)");

          if (backing != NULL)
            g_hash_table_remove (bases, backing);
        }
      for (int i = 0; i < n_vols; i++)
        {
          g_autofree char *path = vol_path (vols[i]);

          if (g_hash_table_contains (bases, path))
            {
              job_progress (job, NULL, 0.9, _("Removing the base image"));
              if (virStorageVolDelete (vols[i], 0) < 0)
                virResetLastError ();
            }
          virStorageVolFree (vols[i]);
        }
      free (vols);
    }

  job_span (job, 0.9, 1.0);
  net = lookup_network (job->conn, net_name);
  if (net != NULL && spec != NULL)
    {
      job_progress (job, NULL, 0.0, _("Removing the network"));
      if (virNetworkIsActive (net) == 1 && virNetworkDestroy (net) < 0)
        {
          set_virt_error (&error, _("Could not stop the network “%s”"), net_name);
          goto out;
        }
      if (virNetworkUndefine (net) < 0)
        {
          set_virt_error (&error, _("Could not remove the network “%s”"), net_name);
          goto out;
        }
    }

  if ((job->flags & SLIPWAY_DESTROY_FLAGS_DELETE_KEYS) != 0 &&
      !slipway_keys_delete_cluster (job->cluster, &error))
    goto out;

  job_progress (job, NULL, 1.0, _("Cluster destroyed"));

out:
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------------------ */
/* List, status, check, console                                             */

static void
list_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GPtrArray) clusters = g_ptr_array_new_with_free_func ((GDestroyNotify)slipway_cluster_status_free);
  g_autoptr(GError) error = NULL;
  virNetworkPtr *nets = NULL;
  int n_nets;

  job->conn = slipway_provisioner_connect (job->self, cancellable, &error);
  if (job->conn == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  n_nets = virConnectListAllNetworks (job->conn, &nets, 0);
  if (n_nets < 0)
    {
      set_virt_error (&error, _("Could not list the libvirt networks"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (int i = 0; i < n_nets; i++)
    {
      g_autofree char *xml = network_xml (nets[i]);
      g_autofree char *cluster = NULL;

      if (slipway_xml_parse_network (xml, &cluster, NULL))
        {
          g_autoptr(GError) local_error = NULL;
          SlipwayClusterStatus *status = load_cluster_status (job->conn, cluster, &local_error);

          if (status != NULL)
            g_ptr_array_add (clusters, status);
          else
            g_debug ("Skipping cluster %s: %s", cluster, local_error->message);
        }
      virNetworkFree (nets[i]);
    }
  free (nets);

  g_task_return_pointer (task, g_steal_pointer (&clusters), (GDestroyNotify)g_ptr_array_unref);
}

static void
status_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  SlipwayClusterStatus *status;

  job->conn = slipway_provisioner_connect (job->self, cancellable, &error);
  if (job->conn == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = load_cluster_status (job->conn, job->cluster, &error);
  if (status == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, status, (GDestroyNotify)slipway_cluster_status_free);
}

typedef struct
{
  GPtrArray   *problems;
  SlipwaySpec *resolved;
} CheckResult;

static void
check_result_free (CheckResult *result)
{
  g_clear_pointer (&result->problems, g_ptr_array_unref);
  g_clear_pointer (&result->resolved, slipway_spec_free);
  g_free (result);
}

static void
check_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  CheckResult *result;

  job->conn = slipway_provisioner_connect (job->self, cancellable, &error);
  if (job->conn == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = g_new0 (CheckResult, 1);
  result->resolved = slipway_spec_copy (job->spec);
  result->problems = check_spec (job->conn, job->self->uri, result->resolved, &error);
  if (result->problems == NULL)
    {
      check_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, result, (GDestroyNotify)check_result_free);
}

static void
console_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(SlipwayTopology) topology = NULL;
  g_autoptr(GVirStream) stream = NULL;
  g_autoptr(virDomain) dom = NULL;
  g_autoptr(virStream) st = NULL;
  const SlipwayNodeInfo *node;
  gboolean force;

  job->conn = slipway_provisioner_connect (job->self, cancellable, &error);
  if (job->conn == NULL)
    goto out;

  spec = load_cluster_spec (job->conn, job->cluster, NULL, &error);
  if (spec == NULL)
    goto out;
  topology = slipway_topology_new (spec, &error);
  if (topology == NULL)
    goto out;

  node = slipway_topology_find_node (topology, job->node);
  if (node == NULL)
    {
      g_set_error (&error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   _("Cluster “%s” has no node named “%s”."), job->cluster, job->node);
      goto out;
    }

  dom = lookup_domain (job->conn, node->domain_name);
  if (dom == NULL || !domain_belongs_to (dom, job->cluster, NULL))
    {
      g_set_error (&error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   _("Node “%s” has no virtual machine. Reset it to make it again."), node->name);
      goto out;
    }

  if (!domain_is_active (dom))
    {
      g_set_error (&error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                   _("Node “%s” is not running. Start it first."), node->name);
      goto out;
    }

  stream = gvir_connection_get_stream (job->self->gconn, VIR_STREAM_NONBLOCK);
  g_object_get (stream, "handle", &st, NULL);
  force = (job->console_flags & SLIPWAY_CONSOLE_FLAGS_FORCE) != 0;

  /* libvirt directly rather than gvir_domain_open_console(): libvirt's
   * error code is gone by the time that returns, and it is what tells a
   * console in use ("Active console session exists") from other failures. */
  if (virDomainOpenConsole (dom, NULL, st, force ? VIR_DOMAIN_CONSOLE_FORCE : 0) < 0)
    {
      /* libvirt-glib 4.0 finishes the stream in finalize and logs a critical
       * when that fails, as it does for a console that never opened: leave
       * the wrapper (the GUI's serial tabs retry, and would log each time). */
      G_GNUC_UNUSED gpointer leaked = g_steal_pointer (&stream);

      if (!force && virGetLastErrorCode () == VIR_ERR_OPERATION_FAILED)
        g_set_error (&error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY,
                     _("The serial console of “%s” is in use by another program, such as "
                       "virsh console or another Slipway window."), node->name);
      else
        set_virt_error (&error, _("Could not open the serial console of “%s”"), node->name);
      goto out;
    }

out:
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&stream), g_object_unref);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
slipway_provisioner_finalize (GObject *object)
{
  SlipwayProvisioner *self = (SlipwayProvisioner *)object;

  g_clear_pointer (&self->conn, virConnectClose);
  g_clear_object (&self->gconn);
  g_clear_pointer (&self->uri, g_free);
  g_mutex_clear (&self->conn_lock);

  G_OBJECT_CLASS (slipway_provisioner_parent_class)->finalize (object);
}

static void
slipway_provisioner_class_init (SlipwayProvisionerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = slipway_provisioner_finalize;

  /**
   * SlipwayProvisioner::progress:
   * @progress: (type gpointer): a #SlipwayProgress, valid during the emission
   *
   * Emitted on the main context of the operation's caller while an
   * operation advances.
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
slipway_provisioner_init (SlipwayProvisioner *self)
{
  g_mutex_init (&self->conn_lock);
  self->stop_timeout = DEFAULT_STOP_TIMEOUT;
}

/**
 * slipway_provisioner_new:
 * @uri: (nullable): a libvirt URI; %NULL for slipway_default_uri()
 *
 * Nothing connects until the first operation, which does so in a worker
 * thread.
 */
SlipwayProvisioner *
slipway_provisioner_new (const char *uri)
{
  SlipwayProvisioner *self;

  /* libvirt events (and non-blocking streams) reach GLib only once this ran. */
  gvir_init_object_check (NULL, NULL, NULL);

  self = g_object_new (SLIPWAY_TYPE_PROVISIONER, NULL);
  self->uri = uri != NULL ? g_strdup (uri) : slipway_default_uri ();

  return self;
}

const char *
slipway_provisioner_get_uri (SlipwayProvisioner *self)
{
  g_return_val_if_fail (SLIPWAY_IS_PROVISIONER (self), NULL);

  return self->uri;
}

void
slipway_provisioner_set_stop_timeout (SlipwayProvisioner *self,
                                      guint               seconds)
{
  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));

  self->stop_timeout = seconds;
}

static GTask *
job_task_new (SlipwayProvisioner  *self,
              SlipwayOperation     operation,
              const char          *cluster,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_task_set_source_tag (task, source_tag);
  /* The worker finishes what it started (a cancelled create still rolls
   * back), and its own error says what was left. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_check_cancellable (task, FALSE);

  job->task = task;
  job->self = self;
  job->operation = operation;
  job->cluster = g_strdup (cluster);
  job->span_end = 1.0;
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);

  return task;
}

void
slipway_provisioner_check_async (SlipwayProvisioner  *self,
                                 const SlipwaySpec   *spec,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (spec != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = job_task_new (self, SLIPWAY_OPERATION_CREATE, spec->name, slipway_provisioner_check_async,
                       cancellable, callback, user_data);
  job = g_task_get_task_data (task);
  job->spec = slipway_spec_copy (spec);
  g_task_run_in_thread (task, check_worker);
}

/**
 * slipway_provisioner_check_finish:
 * @resolved: (out) (optional): the spec with its subnet picked
 *
 * Returns: (transfer container): every problem with the spec on this host
 */
GPtrArray *
slipway_provisioner_check_finish (SlipwayProvisioner  *self,
                                  GAsyncResult        *result,
                                  SlipwaySpec        **resolved,
                                  GError             **error)
{
  CheckResult *check;
  GPtrArray *problems;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  check = g_task_propagate_pointer (G_TASK (result), error);
  if (check == NULL)
    return NULL;

  problems = g_steal_pointer (&check->problems);
  if (resolved != NULL)
    *resolved = g_steal_pointer (&check->resolved);
  check_result_free (check);

  return problems;
}

static void
query_host_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  SlipwayHostInfo *info;

  job->conn = slipway_provisioner_connect (job->self, cancellable, &error);
  if (job->conn != NULL)
    info = query_host_info (job->conn, job->self->uri, &error);
  else
    info = NULL;

  if (info == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, info, (GDestroyNotify)slipway_host_info_free);
}

/**
 * slipway_provisioner_query_host_async:
 *
 * Gathers what check_async() checks a spec against (routes, libvirt
 * networks, memory and CPUs), for showing it.
 */
void
slipway_provisioner_query_host_async (SlipwayProvisioner  *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = job_task_new (self, SLIPWAY_OPERATION_CREATE, NULL, slipway_provisioner_query_host_async,
                       cancellable, callback, user_data);
  g_task_run_in_thread (task, query_host_worker);
}

/**
 * slipway_provisioner_query_host_finish:
 *
 * Returns: (transfer full): the host's facts
 */
SlipwayHostInfo *
slipway_provisioner_query_host_finish (SlipwayProvisioner  *self,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
slipway_provisioner_create_async (SlipwayProvisioner  *self,
                                  const SlipwaySpec   *spec,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (spec != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = job_task_new (self, SLIPWAY_OPERATION_CREATE, spec->name, slipway_provisioner_create_async,
                       cancellable, callback, user_data);
  job = g_task_get_task_data (task);
  job->spec = slipway_spec_copy (spec);
  g_task_run_in_thread (task, create_worker);
}

gboolean
slipway_provisioner_create_finish (SlipwayProvisioner  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * slipway_provisioner_run_async:
 * @operation: start, stop, force-off or reset
 * @targets: (nullable): node and role names; %NULL or empty for every node
 */
void
slipway_provisioner_run_async (SlipwayProvisioner  *self,
                               SlipwayOperation     operation,
                               const char          *cluster,
                               const char * const  *targets,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (cluster != NULL);
  g_return_if_fail (operation == SLIPWAY_OPERATION_START ||
                    operation == SLIPWAY_OPERATION_STOP ||
                    operation == SLIPWAY_OPERATION_FORCE_OFF ||
                    operation == SLIPWAY_OPERATION_RESET);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = job_task_new (self, operation, cluster, slipway_provisioner_run_async,
                       cancellable, callback, user_data);
  job = g_task_get_task_data (task);
  job->targets = g_strdupv ((char **)targets);
  g_task_run_in_thread (task, run_worker);
}

gboolean
slipway_provisioner_run_finish (SlipwayProvisioner  *self,
                                GAsyncResult        *result,
                                GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
slipway_provisioner_destroy_async (SlipwayProvisioner  *self,
                                   const char          *cluster,
                                   SlipwayDestroyFlags  flags,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (cluster != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = job_task_new (self, SLIPWAY_OPERATION_DESTROY, cluster, slipway_provisioner_destroy_async,
                       cancellable, callback, user_data);
  job = g_task_get_task_data (task);
  job->flags = flags;
  g_task_run_in_thread (task, destroy_worker);
}

gboolean
slipway_provisioner_destroy_finish (SlipwayProvisioner  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
slipway_provisioner_list_async (SlipwayProvisioner  *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = job_task_new (self, SLIPWAY_OPERATION_START, NULL, slipway_provisioner_list_async,
                       cancellable, callback, user_data);
  g_task_run_in_thread (task, list_worker);
}

/**
 * slipway_provisioner_list_finish:
 *
 * Returns: (transfer container) (element-type SlipwayClusterStatus): every
 *   Slipway cluster on the connection, in libvirt's order of networks
 */
GPtrArray *
slipway_provisioner_list_finish (SlipwayProvisioner  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
slipway_provisioner_status_async (SlipwayProvisioner  *self,
                                  const char          *cluster,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (cluster != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = job_task_new (self, SLIPWAY_OPERATION_START, cluster, slipway_provisioner_status_async,
                       cancellable, callback, user_data);
  g_task_run_in_thread (task, status_worker);
}

SlipwayClusterStatus *
slipway_provisioner_status_finish (SlipwayProvisioner  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * slipway_provisioner_open_console_async:
 * @flags: without %SLIPWAY_CONSOLE_FLAGS_FORCE, a console that another
 *   client has fails with %SLIPWAY_ERROR_BUSY; with it, that client is
 *   disconnected
 *
 * Opens the serial console of a running node.
 */
void
slipway_provisioner_open_console_async (SlipwayProvisioner  *self,
                                        const char          *cluster,
                                        const char          *node,
                                        SlipwayConsoleFlags  flags,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (cluster != NULL);
  g_return_if_fail (node != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = job_task_new (self, SLIPWAY_OPERATION_START, cluster, slipway_provisioner_open_console_async,
                       cancellable, callback, user_data);
  job = g_task_get_task_data (task);
  job->node = g_strdup (node);
  job->console_flags = flags;
  g_task_run_in_thread (task, console_worker);
}

/**
 * slipway_provisioner_open_console_finish:
 *
 * Returns: (transfer full): a non-blocking stream connected to the node's
 *   serial console
 */
GVirStream *
slipway_provisioner_open_console_finish (SlipwayProvisioner  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
