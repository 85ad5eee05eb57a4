/* slipway-wizard-review.c: the Review page
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-wizard-private.h"

/* What will be made: the network, the image, the login, every node with
 * its name and address, and the cluster file, network XML and first
 * node's user-data as the core renders them. Drawn only while the page
 * shows and only when the spec changed (-check.c decides). */

static void
set_text_view (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

/* Whether the roles' nodes differ in architecture or image: a mixed lab. */
static gboolean
is_mixed (const SlipwaySpec *spec)
{
  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      const SlipwayRoleSpec *rs = &spec->roles[r];

      if (rs->count > 0 &&
          (rs->arch != SLIPWAY_ARCH_DEFAULT || (rs->image != NULL && rs->image[0] != '\0')))
        return TRUE;
    }

  return FALSE;
}

static void
add_node_row (SlipwayWizard         *self,
              const SlipwaySpec     *spec,
              const SlipwayNodeInfo *node,
              gboolean               mixed)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *memory = slipway_format_size (node->memory_bytes);
  g_autofree char *disk = slipway_format_size (node->disk_bytes);
  g_autofree char *subtitle = NULL;

  /* Translators: an FQDN, an IPv4 address, a number of virtual CPUs, memory and disk sizes */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s · %s · %u vCPU · %s memory · %s disk",
                                           "%s · %s · %u vCPUs · %s memory · %s disk",
                                           node->vcpus),
                              node->fqdn, node->ipv4, node->vcpus, memory, disk);
  /* In a mixed lab each node says what it is and what it starts from. */
  if (mixed)
    {
      SlipwayArch arch = node->arch != SLIPWAY_ARCH_DEFAULT ? node->arch
                         : self->host_info != NULL ? self->host_info->host_arch
                         : SLIPWAY_ARCH_DEFAULT;
      const char *image = slipway_spec_get_role_image (spec, node->role);
      g_autofree char *image_name = image != NULL ? g_filename_display_basename (image) : NULL;
      char *longer;

      /* Translators: the node's facts, then its architecture, “ARM 64-bit
       * (aarch64)”, then the file name of its image */
      longer = g_strdup_printf (_("%s\n%s · %s"), subtitle,
                                arch != SLIPWAY_ARCH_DEFAULT ? slipway_arch_get_title (arch)
                                                             : _("This computer’s architecture"),
                                image_name != NULL ? image_name : _("no image"));
      g_free (subtitle);
      subtitle = longer;
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), node->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), mixed ? 3 : 2);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("computer-symbolic"));
  adw_preferences_group_add (self->nodes_group, row);
  g_ptr_array_add (self->node_rows, row);
}

static void
show_user_data (SlipwayWizard         *self,
                SlipwayPlan           *plan,
                const SlipwayNodeInfo *first)
{
  g_autofree char *user_data = NULL;
  g_autofree char *title = NULL;

  /* The cluster key is made at creation: the plan shows where it goes. */
  user_data = slipway_plan_dup_user_data (plan, first->name, NULL);
  set_text_view (self->user_data_view, user_data);

  /* Translators: %s is a node name */
  title = g_strdup_printf (_("Cloud-Init User Data of %s"), first->name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->user_data_expander), title);
}

/* The checked plan when it is of @spec, else one made here from the
 * host's facts: validation and rendering, no I/O. */
SlipwayPlan *
_slipway_wizard_plan_of (SlipwayWizard     *self,
                         const SlipwaySpec *spec)
{
  if (self->plan != NULL && self->checked_spec != NULL && slipway_spec_equal (self->checked_spec, spec))
    return g_object_ref (self->plan);

  /* The image files are the full check's to read, in its thread. */
  return slipway_plan_new_without_files (spec, self->host_info);
}

static const char *
lb_kind (SlipwayLoadBalancer lb)
{
  switch (lb)
    {
    case SLIPWAY_LOAD_BALANCER_HAPROXY:
      return C_("load balancer", "HAProxy");
    case SLIPWAY_LOAD_BALANCER_IPVS:
      return C_("load balancer", "IPVS");
    case SLIPWAY_LOAD_BALANCER_NONE:
    default:
      return C_("load balancer", "None");
    }
}

/* "HAProxy on gateway · kubernetes.lab.test:6443 (10.0.0.1) · 3 control-plane
 * nodes"; "None"; the choice alone ("HAProxy") while there are no nodes. */
static char *
describe_lb (const SlipwaySpec     *spec,
             const SlipwayTopology *topology)
{
  const SlipwayNodeInfo *gateway;
  g_autofree char *endpoint = NULL;
  guint backends;

  if (topology == NULL || topology->nodes->len == 0)
    return g_strdup (lb_kind (slipway_spec_get_load_balancer (spec)));

  gateway = slipway_lb_get_node (topology);
  if (gateway == NULL)
    return g_strdup (lb_kind (SLIPWAY_LOAD_BALANCER_NONE));

  backends = slipway_lb_count_backends (topology);
  endpoint = slipway_lb_dup_endpoint (topology);

  /* Translators: "HAProxy on gateway · kubernetes.lab.test:6443 (10.0.0.1) · 3
   * control-plane nodes": the balancer, the node it runs on, the API's name and
   * port, its address, then how many nodes it balances */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s on %s · %s (%s) · %u control-plane node",
                                       "%s on %s · %s (%s) · %u control-plane nodes",
                                       backends),
                          lb_kind (topology->load_balancer), gateway->name, endpoint,
                          topology->api_ipv4 != NULL ? topology->api_ipv4 : "—", backends);
}

void
_slipway_wizard_update_review (SlipwayWizard     *self,
                               const SlipwaySpec *spec)
{
  g_autoptr(SlipwayPlan) plan = _slipway_wizard_plan_of (self, spec);
  const SlipwaySpec *resolved = slipway_plan_get_spec (plan);
  const SlipwayTopology *topology = slipway_plan_get_topology (plan);
  g_autofree char *data = slipway_plan_dup_cluster_file (plan);
  g_autofree char *network = NULL;
  g_autofree char *network_name = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *lb = NULL;

  self->n_review_renders++;

  for (guint i = 0; i < self->node_rows->len; i++)
    adw_preferences_group_remove (self->nodes_group, g_ptr_array_index (self->node_rows, i));
  g_ptr_array_set_size (self->node_rows, 0);

  set_text_view (self->file_view, data);

  if (slipway_is_valid_name (resolved->name))
    network_name = slipway_topology_network_name (resolved->name);
  /* Translators: a libvirt network name, its subnet, then “NAT” or “isolated” */
  network = g_strdup_printf (_("%s · %s · %s"),
                             network_name != NULL ? network_name : "—",
                             resolved->subnet != NULL ? resolved->subnet : _("no subnet yet"),
                             resolved->network == SLIPWAY_NETWORK_NAT ? _("NAT") : _("isolated"));
  adw_action_row_set_subtitle (self->review_network_row, network);
  adw_action_row_set_subtitle (self->review_image_row,
                               resolved->image != NULL ? resolved->image
                               : slipway_spec_uses_cluster_image (resolved) ? _("None chosen")
                               : _("None: each role has its own"));
  adw_action_row_set_subtitle (self->review_login_row, resolved->user);
  lb = describe_lb (resolved, topology);
  adw_action_row_set_subtitle (self->review_lb_row, lb);

  if (topology == NULL || topology->nodes->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("The nodes get their names and addresses once the name and "
                                       "subnet are right."));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_preferences_group_add (self->nodes_group, row);
      g_ptr_array_add (self->node_rows, row);
      set_text_view (self->user_data_view, "");
      set_text_view (self->xml_view, "");
      return;
    }

  for (guint i = 0; i < topology->nodes->len; i++)
    add_node_row (self, resolved, g_ptr_array_index (topology->nodes, i), is_mixed (resolved));

  /* What create defines, byte for byte. */
  xml = slipway_plan_dup_network_xml (plan);
  set_text_view (self->xml_view, xml);
  show_user_data (self, plan, g_ptr_array_index (topology->nodes, 0));
}
