/* slipway-op-create.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-error.h"
#include "slipway-host.h"
#include "slipway-problem.h"
#include "slipway-job-private.h"
#include "slipway-keys.h"
#include "slipway-provisioner-private.h"
#include "slipway-virt-private.h"
#include "slipway-xml-private.h"
#include "slipway-xpath-private.h"

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
      g_autoptr(virDomain) dom = _slipway_virt_lookup_domain (conn, g_ptr_array_index (made->domains, i - 1));

      g_autoptr(GError) local_error = NULL;

      if (dom != NULL && !_slipway_virt_undefine_domain (dom, &local_error))
        g_message ("Rolling back: %s", local_error->message);
    }

  for (guint i = made->volumes->len; pool != NULL && i > 0; i--)
    {
      g_autoptr(GError) local_error = NULL;

      if (!_slipway_virt_delete_volume (pool, g_ptr_array_index (made->volumes, i - 1), &local_error))
        g_message ("Rolling back: %s", local_error->message);
    }

  if (made->network)
    {
      g_autoptr(virNetwork) net = _slipway_virt_lookup_network (conn, network_name);

      if (net != NULL)
        {
          if (virNetworkIsActive (net) == 1)
            virNetworkDestroy (net);
          virNetworkUndefine (net);
          virResetLastError ();
        }
    }
}

/* The subnet was free when the plan was made, but another program may
 * have taken it since: asked again just before the network is made, and
 * when libvirt refuses to start it, so that the error names who has it. */
static gboolean
subnet_taken (SlipwayJob         *job,
              virConnectPtr       conn,
              const ClusterPlan  *plan,
              GError            **error)
{
  g_autoptr(SlipwayHostInfo) info = NULL;
  g_autoptr(GPtrArray) problems = slipway_problems_new ();

  info = _slipway_virt_query_host_info (conn, slipway_provisioner_get_uri (job->self),
                                       plan->spec->pool, NULL);
  virResetLastError ();
  if (info == NULL)
    return FALSE;

  slipway_host_info_check_spec (info, plan->spec, problems);
  /* The last: the host's routes come first, then libvirt's networks, and
   * a network's name says more than the route to its bridge. */
  for (guint i = problems->len; i > 0; i--)
    {
      const SlipwayProblem *problem = g_ptr_array_index (problems, i - 1);

      if (problem->is_warning || g_strcmp0 (problem->key, "subnet") != 0)
        continue;

      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
                   /* Translators: the 1st %s is a subnet, the 2nd says who uses it and
                    * what to do (““10.1.2.0/24” overlaps 10.1.2.0/24, used by the libvirt
                    * network “lab”: write a free subnet such as …”) */
                   _("The subnet %s was taken after it was checked. %s"),
                   plan->spec->subnet, problem->message);
      return TRUE;
    }

  return FALSE;
}

static gboolean
create_network (SlipwayJob         *job,
                virConnectPtr       conn,
                SlipwayPlan        *resolved,
                const ClusterPlan  *plan,
                Made               *made,
                GError            **error)
{
  g_autoptr(virNetwork) net = _slipway_virt_lookup_network (conn, plan->topology->network_name);

  if (net == NULL)
    {
      /* What the plan's preview shows. */
      g_autofree char *xml = slipway_plan_dup_network_xml (resolved);

      if (subnet_taken (job, conn, plan, error))
        return FALSE;

      net = virNetworkDefineXML (conn, xml);
      if (net == NULL)
        {
          _slipway_set_virt_error (error, _("Could not define the network “%s”"), plan->topology->network_name);
          return FALSE;
        }
      made->network = TRUE;
      if (virNetworkSetAutostart (net, 1) < 0)
        {
          _slipway_set_virt_error (error, _("Could not make the network “%s” start with the host"),
                                   plan->topology->network_name);
          return FALSE;
        }
    }
  else
    {
      made->resumed = TRUE;
    }

  if (virNetworkIsActive (net) != 1 && virNetworkCreate (net) < 0)
    {
      g_autoptr(GError) refused = NULL;

      _slipway_set_virt_error (&refused, _("Could not start the network “%s”"), plan->topology->network_name);
      if (!subnet_taken (job, conn, plan, error))
        g_propagate_error (error, g_steal_pointer (&refused));
      return FALSE;
    }

  return TRUE;
}

/* Nothing in the way: names the cluster would take must be free or ours. */
static gboolean
preflight (SlipwayJob         *job,
           const ClusterPlan  *plan,
           GError            **error)
{
  g_autofree char *net_name = g_strdup (plan->topology->network_name);
  g_autoptr(virNetwork) net = _slipway_virt_lookup_network (job->conn, net_name);
  guint existing_domains = 0;

  if (net != NULL)
    {
      g_autofree char *xml = _slipway_virt_network_xml (net);
      g_autofree char *owner = NULL;
      g_autofree char *data = NULL;

      /* No XML: it went away since the lookup; nothing stands in the way. */
      if (xml != NULL &&
          (!slipway_xml_parse_network (xml, &owner, &data) || g_strcmp0 (owner, plan->spec->name) != 0))
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
      g_autoptr(virDomain) dom = _slipway_virt_lookup_domain (job->conn, node->domain_name);
      guint id;

      if (dom == NULL)
        continue;

      if (!_slipway_virt_domain_belongs_to (dom, plan->spec->name, &id) || id != node->id)
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
      g_autofree char *xml = _slipway_virt_network_xml (net);
      g_autofree char *data = NULL;
      g_autoptr(GPtrArray) problems = slipway_problems_new ();
      g_autoptr(SlipwaySpec) stored = NULL;

      if (xml != NULL && slipway_xml_parse_network (xml, NULL, &data))
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

/* What one node of the wave made: merged into Made once the wave is over. */
typedef struct
{
  const SlipwayNodeInfo *node;
  GPtrArray             *volumes;    /* names in the pool */
  gboolean               domain;     /* defined by this attempt */
  gboolean               resumed;
} NodeMade;

static void
node_made_free (NodeMade *node_made)
{
  g_ptr_array_unref (node_made->volumes);
  g_free (node_made);
}

typedef struct
{
  const ClusterPlan *plan;
  virStoragePoolPtr  pool;   /* on the job's connection */
} CreateWave;

/* One node: its disk and seed, its definition. */
static gboolean
prepare_node (SlipwayJob     *job,
              virConnectPtr   conn,
              guint           index,
              gpointer        item,
              gpointer        user_data,
              GCancellable   *cancellable,
              GError        **error)
{
  NodeMade *made = item;
  CreateWave *wave = user_data;
  const SlipwayNodeInfo *node = made->node;
  g_autoptr(virDomain) dom = _slipway_virt_lookup_domain (conn, node->domain_name);

  if (dom != NULL)
    {
      /* Resuming: this node was made by an earlier attempt. */
      made->resumed = TRUE;
    }
  else
    {
      g_autoptr(virStoragePool) pool = _slipway_virt_pool_on (conn, wave->pool, error);
      g_autofree char *overlay_path = NULL;
      g_autofree char *seed_path = NULL;

      if (pool == NULL ||
          !_slipway_virt_make_node_volumes (job, pool, wave->plan, node, made->volumes, &overlay_path,
                                            &seed_path, cancellable, error))
        return FALSE;

      _slipway_job_progress (job, node->name, 0.8, _("Defining the virtual machine"));
      dom = _slipway_virt_define_node_domain (conn, wave->plan, node, overlay_path, seed_path, error);
      if (dom == NULL)
        return FALSE;
      made->domain = TRUE;
    }

  _slipway_job_progress (job, node->name, SLIPWAY_JOB_NODE_PREPARED, _("Waiting for the other nodes"));
  return TRUE;
}

/* The network, made in a thread of its own while the nodes' disks are:
 * a domain may be defined before its network exists, only its start needs
 * it. */
typedef struct
{
  SlipwayJob        *job;
  SlipwayPlan       *resolved;
  const ClusterPlan *plan;
  GCancellable      *nodes_work;  /* cancelled when the network fails */
  gboolean           made;        /* defined by this attempt */
  gboolean           resumed;
  GError            *error;
} NetworkWork;

static gpointer
network_thread (gpointer data)
{
  NetworkWork *work = data;
  SlipwayJob *job = work->job;
  Made made = { 0 };
  virConnectPtr conn = NULL;

  /* A connection of its own: the job's carries the first wave's calls,
   * as many as it takes at once (slipway-job-pool.c). */
  if (!job->is_test)
    conn = virConnectOpenAuth (slipway_provisioner_get_uri (job->self), virConnectAuthPtrDefault, 0);
  if (conn == NULL)
    {
      virResetLastError ();
      virConnectRef (job->conn);
      conn = job->conn;
    }

  /* A network that cannot be made stops the nodes' work at once: the
   * import of a new base image may take minutes. */
  if (!create_network (job, conn, work->resolved, work->plan, &made, &work->error))
    g_cancellable_cancel (work->nodes_work);
  work->made = made.network;
  work->resumed = made.resumed;
  virConnectClose (conn);

  return NULL;
}

static void
forward_cancel (GCancellable *cancellable,
                GCancellable *nodes_work)
{
  g_cancellable_cancel (nodes_work);
}

/* Waits for @net_thread (once); what it made goes into @made. */
static gboolean
join_network (GThread    **net_thread,
              NetworkWork *net,
              Made        *made)
{
  if (*net_thread != NULL)
    {
      g_thread_join (g_steal_pointer (net_thread));
      made->network |= net->made;
      made->resumed |= net->resumed;
    }

  return net->error == NULL;
}

/* Every node defined by prepare_node(), together. */
static gboolean
start_nodes (SlipwayJob         *job,
             const ClusterPlan  *plan,
             GCancellable       *cancellable,
             GError            **error)
{
  g_autoptr(GPtrArray) domains = g_ptr_array_new_with_free_func (_slipway_virt_domain_free);

  for (guint i = 0; i < plan->topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (plan->topology->nodes, i);
      virDomainPtr dom = virDomainLookupByName (job->conn, node->domain_name);

      if (dom == NULL)
        {
          _slipway_set_virt_error (error, _("Could not start the virtual machine “%s”"), node->domain_name);
          return FALSE;
        }
      g_ptr_array_add (domains, dom);
    }

  return _slipway_virt_start_nodes (job, plan->topology->nodes, domains, TRUE, cancellable, error);
}

/* Every node at once (a bounded number, see slipway-job-pool.c), in two
 * waves: first every node's disks, seed and definition, then every start.
 * Starting a node while others still upload their seeds costs those their
 * turn: libvirtd serves streams and the QEMU monitors of starting machines
 * in the same event loop, and a start's hundreds of monitor calls hold a
 * late node back by seconds; seven nodes defined first start together
 * (paused, then resumed: slipway-virt-start.c), faster than seven bare
 * starts (docs/benchmarks.md, Orchestration). What
 * each node made goes into @made, also when one failed or the wave was
 * cancelled, so that the rollback takes back exactly that. The network,
 * made meanwhile in @net_thread, is waited for before the starts. */
static gboolean
create_nodes (SlipwayJob         *job,
              virStoragePoolPtr   pool,
              const ClusterPlan  *plan,
              GThread           **net_thread,
              NetworkWork        *net,
              Made               *made,
              GCancellable       *cancellable,
              GError            **error)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify)node_made_free);
  CreateWave wave = { plan, pool };
  gboolean ok;

  for (guint i = 0; i < plan->topology->nodes->len; i++)
    {
      NodeMade *node_made = g_new0 (NodeMade, 1);

      node_made->node = g_ptr_array_index (plan->topology->nodes, i);
      node_made->volumes = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (nodes, node_made);
    }

  _slipway_job_span (job, 0.50, 0.80);
  ok = _slipway_job_run_nodes (job, nodes, prepare_node, &wave, cancellable, error);

  if (join_network (net_thread, net, made) && ok)
    {
      _slipway_job_span (job, 0.80, 1.0);
      ok = start_nodes (job, plan, cancellable, error);
    }
  else if (ok)
    {
      g_propagate_error (error, g_steal_pointer (&net->error));
      ok = FALSE;
    }

  for (guint i = 0; i < nodes->len; i++)
    {
      NodeMade *node_made = g_ptr_array_index (nodes, i);

      for (guint j = 0; j < node_made->volumes->len; j++)
        g_ptr_array_add (made->volumes, g_strdup (g_ptr_array_index (node_made->volumes, j)));
      if (node_made->domain)
        g_ptr_array_add (made->domains, g_strdup (node_made->node->domain_name));
      made->resumed |= node_made->resumed;
    }

  return ok;
}

/* The images of a cluster: each file once, and which one each role uses. */
typedef struct
{
  GPtrArray *images;                            /* of ImageInfo, each file once */
  ImageInfo *by_role[SLIPWAY_N_ROLES];          /* in @images; NULL: no nodes */
} RoleImages;

static void
role_images_free (RoleImages *role_images)
{
  g_clear_pointer (&role_images->images, g_ptr_array_unref);
  g_free (role_images);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RoleImages, role_images_free)

/* Inspects the image of each role with nodes, and checks each node's disk
 * against its own image. */
static RoleImages *
inspect_images (SlipwayJob    *job,
                ClusterPlan   *plan,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(RoleImages) role_images = g_new0 (RoleImages, 1);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  double start = job->span_start;
  double end = job->span_end;

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      const char *path = slipway_spec_get_role_image (plan->spec, (SlipwayRole)r);

      if (plan->spec->roles[r].count == 0)
        continue;
      /* slipway_spec_validate() said so already; a plan is never made without. */
      if (path == NULL)
        {
          g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
                       /* Translators: %s is a role, “worker” */
                       _("The nodes of [%s] have no base image: set “image” in [cluster] or in [%s]."),
                       slipway_role_to_string ((SlipwayRole)r), slipway_role_to_string ((SlipwayRole)r));
          return NULL;
        }
      if (!g_ptr_array_find_with_equal_func (paths, path, g_str_equal, NULL))
        g_ptr_array_add (paths, (gpointer)path);
    }

  /* Each file once, each in its share of the span. */
  role_images->images = g_ptr_array_new_with_free_func ((GDestroyNotify)_slipway_virt_image_info_free);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      ImageInfo *image;

      _slipway_job_span (job, start + (end - start) * i / paths->len,
                         start + (end - start) * (i + 1) / paths->len);
      image = _slipway_virt_inspect_image (job, path, cancellable, error);
      if (image == NULL)
        return NULL;
      g_ptr_array_add (role_images->images, image);
      for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
        {
          if (plan->spec->roles[r].count > 0 &&
              g_str_equal (slipway_spec_get_role_image (plan->spec, (SlipwayRole)r), path))
            role_images->by_role[r] = image;
        }
    }

  for (guint i = 0; i < plan->topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (plan->topology->nodes, i);
      const ImageInfo *image = role_images->by_role[node->role];

      if (node->disk_bytes < image->virtual_size)
        {
          g_autofree char *disk = slipway_format_size (node->disk_bytes);
          g_autofree char *need = slipway_format_size (image->virtual_size);

          g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
                       /* Translators: %s are a role, two sizes and the role again */
                       _("[%s] disk: %s is smaller than the image, which needs %s. Set “disk” in [%s] to at least that."),
                       slipway_role_to_string (node->role), disk, need,
                       slipway_role_to_string (node->role));
          return NULL;
        }
    }

  return g_steal_pointer (&role_images);
}

/* A base volume for each image: an import when the pool has none yet,
 * each in its share of the job's span. Fills the plan's base of every role. */
static gboolean
ensure_base_volumes (SlipwayJob         *job,
                     virStoragePoolPtr   pool,
                     ClusterPlan        *plan,
                     const RoleImages   *role_images,
                     GThread           **net_thread,
                     NetworkWork        *net,
                     Made               *made,
                     GCancellable       *nodes_work,
                     GError            **error)
{
  double start = job->span_start;
  double end = job->span_end;
  guint n_images = role_images->images->len;

  for (guint i = 0; i < n_images; i++)
    {
      const ImageInfo *image = g_ptr_array_index (role_images->images, i);
      g_autoptr(virStorageVol) base = NULL;
      g_autofree char *path = NULL;
      gboolean created = FALSE;

      _slipway_job_span (job, start + (end - start) * i / n_images,
                         start + (end - start) * (i + 1) / n_images);
      /* An import of the image may take minutes: the network first, so that
       * one that cannot be made stops the create before the import, and a
       * daemon that dies during the import leaves the network whole. */
      if (!_slipway_virt_has_base_volume (job, pool, image) && !join_network (net_thread, net, made))
        {
          g_propagate_error (error, g_steal_pointer (&net->error));
          return FALSE;
        }
      base = _slipway_virt_ensure_base_volume (job, pool, image, &created, nodes_work, error);
      if (base == NULL)
        return FALSE;
      if (created)
        g_ptr_array_add (made->volumes, g_strdup (virStorageVolGetName (base)));
      path = _slipway_virt_vol_path (base);

      for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
        {
          if (role_images->by_role[r] != image)
            continue;
          plan->base_path[r] = g_strdup (path);
          plan->base_format[r] = g_strdup (image->format);
        }
    }

  return TRUE;
}

void
_slipway_op_create_worker (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  SlipwayCreateJob *create = task_data;
  SlipwayJob *job = &create->parent;
  g_autoptr(ClusterPlan) plan = g_new0 (ClusterPlan, 1);
  g_autoptr(virStoragePool) pool = NULL;
  g_autoptr(RoleImages) images = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *private_key = NULL;
  NetworkWork net = { 0 };
  GThread *net_thread = NULL;
  g_autoptr(GCancellable) nodes_work = NULL;
  gulong forward_id = 0;
  Made made = { 0 };

  if (!_slipway_job_connect (job, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _slipway_job_span (job, 0.0, 0.02);
  _slipway_job_progress (job, NULL, 0.0, _("Checking the cluster description"));
  /* A spec alone gets its plan here; a plan is not validated again. */
  if (create->plan == NULL)
    create->plan = _slipway_virt_plan (job->conn, slipway_provisioner_get_uri (job->self), create->spec, &error);
  if (create->plan == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!slipway_problems_to_error (slipway_plan_get_problems (create->plan), create->spec->name, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  plan->spec = slipway_spec_copy (slipway_plan_get_spec (create->plan));
  plan->topology = slipway_topology_copy (slipway_plan_get_topology (create->plan));
  if (
      !_slipway_virt_plan_guests (job->conn, plan, &error) ||
      !preflight (job, plan, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _slipway_job_progress (job, NULL, 0.5, _("Preparing the SSH keys"));
  if (!slipway_keys_ensure_cluster_key (plan->spec->name, &private_key, &plan->public_key,
                                        cancellable, &error) ||
      !slipway_keys_write_trust_files (plan->topology, plan->spec->user, NULL,
                                       cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _slipway_job_span (job, 0.02, 0.10);
  images = inspect_images (job, plan, cancellable, &error);
  if (images == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  made.volumes = g_ptr_array_new_with_free_func (g_free);
  made.domains = g_ptr_array_new_with_free_func (g_free);

  _slipway_job_span (job, 0.10, 0.12);
  _slipway_job_progress (job, NULL, 0.0, _("Creating the network"));
  net.job = job;
  net.resolved = create->plan;
  net.plan = plan;
  net.nodes_work = nodes_work = g_cancellable_new ();
  if (cancellable != NULL)
    forward_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel), nodes_work, NULL);
  net_thread = g_thread_new ("slipway-network", network_thread, &net);

  _slipway_job_progress (job, NULL, 0.5, _("Preparing storage"));
  pool = _slipway_virt_ensure_pool (job->conn, slipway_provisioner_get_uri (job->self),
                                    _slipway_virt_pool_name (plan->spec), &error);
  if (pool == NULL)
    goto failed;

  _slipway_job_span (job, 0.12, 0.50);
  if (!ensure_base_volumes (job, pool, plan, images, &net_thread, &net, &made, nodes_work, &error))
    goto failed;

  if (!create_nodes (job, pool, plan, &net_thread, &net, &made, nodes_work, &error))
    goto failed;
  g_cancellable_disconnect (cancellable, forward_id);

  _slipway_job_progress (job, NULL, 1.0, _("Cluster created"));
  g_ptr_array_unref (made.volumes);
  g_ptr_array_unref (made.domains);
  g_task_return_boolean (task, TRUE);
  return;

failed:
  /* What the network's thread made is taken back too; its error is the
   * one reported only when nothing else failed first. */
  join_network (&net_thread, &net, &made);
  g_cancellable_disconnect (cancellable, forward_id);
  /* The nodes' work stopped because the network failed: that is the error. */
  if (net.error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (&error);
      error = g_steal_pointer (&net.error);
    }
  g_clear_error (&net.error);
  if (_slipway_virt_connection_lost (job->conn, slipway_provisioner_get_uri (job->self), &error))
    {
      g_autofree char *lost = g_strdup (error->message);

      /* Nothing can be taken back without the daemon; all of it can be
       * finished or destroyed once it runs again. */
      g_clear_error (&error);
      g_set_error (&error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                   /* Translators: %s is a cluster name, then why the connection was lost */
                   _("Creating cluster “%s” failed. %s What it had made so far could not be removed: once the daemon runs again, create the cluster again from the same file to finish it, or destroy it."),
                   plan->spec->name, lost);
    }
  else
    {
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
    }
  g_ptr_array_unref (made.volumes);
  g_ptr_array_unref (made.domains);
  g_task_return_error (task, g_steal_pointer (&error));
}
