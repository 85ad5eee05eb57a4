/* slipway-types.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-types.h"

static const char * const role_names[SLIPWAY_N_ROLES] = {
  "gateway", "control", "worker",
};

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

/**
 * slipway_arch_to_string:
 * @arch: an architecture
 *
 * Returns: libvirt's name of @arch ("x86_64", "aarch64"), or "" for
 *   %SLIPWAY_ARCH_DEFAULT
 */
const char *
slipway_arch_to_string (SlipwayArch arch)
{
  switch (arch)
    {
    case SLIPWAY_ARCH_DEFAULT:
      return "";

    case SLIPWAY_ARCH_X86_64:
      return "x86_64";

    case SLIPWAY_ARCH_AARCH64:
      return "aarch64";

    case SLIPWAY_ARCH_I686:
      return "i686";

    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * slipway_arch_from_string:
 * @str: libvirt's name of an architecture, or Debian's ("amd64", "arm64")
 * @arch: (out) (optional): where to store it
 *
 * An empty @str is %SLIPWAY_ARCH_DEFAULT.
 *
 * Returns: %TRUE if @str names an architecture Slipway knows
 */
gboolean
slipway_arch_from_string (const char  *str,
                          SlipwayArch *arch)
{
  static const struct { const char *name; SlipwayArch arch; } aliases[] = {
    { "", SLIPWAY_ARCH_DEFAULT },
    { "x86_64", SLIPWAY_ARCH_X86_64 },
    { "amd64", SLIPWAY_ARCH_X86_64 },
    { "aarch64", SLIPWAY_ARCH_AARCH64 },
    { "arm64", SLIPWAY_ARCH_AARCH64 },
    { "i686", SLIPWAY_ARCH_I686 },
    { "i386", SLIPWAY_ARCH_I686 },
  };

  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      if (g_ascii_strcasecmp (str, aliases[i].name) == 0)
        {
          if (arch != NULL)
            *arch = aliases[i].arch;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * slipway_arch_get_title:
 * @arch: an architecture
 *
 * Returns: what the user reads for @arch
 */
const char *
slipway_arch_get_title (SlipwayArch arch)
{
  switch (arch)
    {
    case SLIPWAY_ARCH_DEFAULT:
      /* Translators: the architecture of a cluster's nodes: the same as the host's */
      return _("Same as the host");

    case SLIPWAY_ARCH_X86_64:
      /* Translators: an architecture of virtual machines */
      return _("x86-64 (Intel, AMD)");

    case SLIPWAY_ARCH_AARCH64:
      /* Translators: an architecture of virtual machines */
      return _("ARM 64-bit (aarch64)");

    case SLIPWAY_ARCH_I686:
      /* Translators: an architecture of virtual machines */
      return _("x86 32-bit (i686)");

    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
slipway_load_balancer_to_string (SlipwayLoadBalancer lb)
{
  switch (lb)
    {
    case SLIPWAY_LOAD_BALANCER_HAPROXY:
      return "haproxy";

    case SLIPWAY_LOAD_BALANCER_IPVS:
      return "ipvs";

    case SLIPWAY_LOAD_BALANCER_NONE:
      return "none";

    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
slipway_load_balancer_from_string (const char          *str,
                                   SlipwayLoadBalancer *lb)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = SLIPWAY_LOAD_BALANCER_HAPROXY; i <= SLIPWAY_LOAD_BALANCER_NONE; i++)
    {
      if (g_ascii_strcasecmp (str, slipway_load_balancer_to_string (i)) == 0)
        {
          if (lb != NULL)
            *lb = (SlipwayLoadBalancer)i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
slipway_operation_kind_to_string (SlipwayOperationKind kind)
{
  switch (kind)
    {
    case SLIPWAY_OPERATION_CREATE:    return "create";
    case SLIPWAY_OPERATION_START:     return "start";
    case SLIPWAY_OPERATION_STOP:      return "stop";
    case SLIPWAY_OPERATION_FORCE_OFF: return "force-off";
    case SLIPWAY_OPERATION_RESET:     return "reset";
    case SLIPWAY_OPERATION_DESTROY:   return "destroy";
    case SLIPWAY_OPERATION_REBUILD:   return "rebuild";
    case SLIPWAY_OPERATION_SAVE_CHECKPOINT:    return "save-checkpoint";
    case SLIPWAY_OPERATION_RESTORE_CHECKPOINT: return "restore-checkpoint";
    case SLIPWAY_OPERATION_DELETE_CHECKPOINT:  return "delete-checkpoint";
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

const char *
slipway_readiness_to_string (SlipwayReadiness readiness)
{
  switch (readiness)
    {
    case SLIPWAY_READINESS_MISSING:             return "missing";
    case SLIPWAY_READINESS_DEFINED:             return "defined";
    case SLIPWAY_READINESS_RUNNING:             return "running";
    case SLIPWAY_READINESS_LEASED:              return "leased";
    case SLIPWAY_READINESS_SSH_PORT:            return "ssh-port";
    case SLIPWAY_READINESS_SSH_AUTHENTICATED:   return "ssh-authenticated";
    case SLIPWAY_READINESS_READY:               return "ready";
    case SLIPWAY_READINESS_HOST_KEY_MISMATCH:   return "host-key-mismatch";
    case SLIPWAY_READINESS_READY_WITH_ERRORS:   return "ready-with-errors";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
slipway_readiness_get_title (SlipwayReadiness readiness)
{
  switch (readiness)
    {
    case SLIPWAY_READINESS_MISSING:
      /* Translators: a node's readiness: it has no virtual machine */
      return _("No virtual machine");
    case SLIPWAY_READINESS_DEFINED:
      /* Translators: a node's readiness: the virtual machine is off */
      return _("Not running");
    case SLIPWAY_READINESS_RUNNING:
      /* Translators: a node's readiness: it runs, has no address yet */
      return _("Booting");
    case SLIPWAY_READINESS_LEASED:
      /* Translators: a node's readiness: DHCP gave it its address */
      return _("Address assigned");
    case SLIPWAY_READINESS_SSH_PORT:
      /* Translators: a node's readiness: its SSH server accepts connections */
      return _("SSH port open");
    case SLIPWAY_READINESS_SSH_AUTHENTICATED:
      /* Translators: a node's readiness: SSH login works, cloud-init still runs */
      return _("SSH login works");
    case SLIPWAY_READINESS_READY:
      /* Translators: a node's readiness: cloud-init has finished */
      return _("Ready");
    case SLIPWAY_READINESS_HOST_KEY_MISMATCH:
      /* Translators: a node's readiness: it answers with an unexpected SSH host key */
      return _("Wrong SSH host key: not trusted");
    case SLIPWAY_READINESS_READY_WITH_ERRORS:
      /* Translators: a node's readiness: cloud-init has finished, with errors */
      return _("Ready with cloud-init errors");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* TRUE when the node's virtual machine is up: running, paused or on its way down. */
gboolean
slipway_node_state_is_active (SlipwayNodeState state)
{
  switch (state)
    {
    case SLIPWAY_NODE_STATE_RUNNING:
    case SLIPWAY_NODE_STATE_PAUSED:
    case SLIPWAY_NODE_STATE_SHUTTING_DOWN:
      return TRUE;

    case SLIPWAY_NODE_STATE_MISSING:
    case SLIPWAY_NODE_STATE_STOPPED:
    case SLIPWAY_NODE_STATE_CRASHED:
      return FALSE;

    default:
      g_return_val_if_reached (FALSE);
    }
}

const char *
slipway_cluster_state_to_string (SlipwayClusterState state)
{
  switch (state)
    {
    case SLIPWAY_CLUSTER_STATE_MISSING:  return "missing";
    case SLIPWAY_CLUSTER_STATE_CREATING: return "creating";
    case SLIPWAY_CLUSTER_STATE_STOPPED:  return "stopped";
    case SLIPWAY_CLUSTER_STATE_PARTIAL:  return "partial";
    case SLIPWAY_CLUSTER_STATE_RUNNING:  return "running";
    case SLIPWAY_CLUSTER_STATE_CRASHED:  return "crashed";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
slipway_cluster_state_get_title (SlipwayClusterState state)
{
  switch (state)
    {
    case SLIPWAY_CLUSTER_STATE_MISSING:
      /* Translators: a cluster's state: it does not exist (any more) */
      return C_("cluster state", "Missing");
    case SLIPWAY_CLUSTER_STATE_CREATING:
      /* Translators: state of a cluster where some virtual machines are missing */
      return C_("cluster state", "Incomplete");
    case SLIPWAY_CLUSTER_STATE_STOPPED:
      return C_("cluster state", "Stopped");
    case SLIPWAY_CLUSTER_STATE_PARTIAL:
      /* Translators: state of a cluster where some nodes run and some do not */
      return C_("cluster state", "Partly Running");
    case SLIPWAY_CLUSTER_STATE_RUNNING:
      return C_("cluster state", "Running");
    case SLIPWAY_CLUSTER_STATE_CRASHED:
      return C_("cluster state", "Crashed");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * slipway_cluster_state_from_nodes:
 * @network_defined: whether the cluster's network exists
 * @states: (array length=n_states): the state of each node
 * @n_states: how many nodes the cluster has
 *
 * Returns: what the cluster as a whole is
 */
SlipwayClusterState
slipway_cluster_state_from_nodes (gboolean                network_defined,
                                  const SlipwayNodeState *states,
                                  guint                   n_states)
{
  gboolean any_missing = FALSE;
  guint n_active = 0;

  g_return_val_if_fail (states != NULL || n_states == 0, SLIPWAY_CLUSTER_STATE_MISSING);

  if (!network_defined)
    return SLIPWAY_CLUSTER_STATE_MISSING;
  if (n_states == 0)
    return SLIPWAY_CLUSTER_STATE_CREATING;

  for (guint i = 0; i < n_states; i++)
    {
      if (states[i] == SLIPWAY_NODE_STATE_CRASHED)
        return SLIPWAY_CLUSTER_STATE_CRASHED;
      if (states[i] == SLIPWAY_NODE_STATE_MISSING)
        any_missing = TRUE;
      else if (slipway_node_state_is_active (states[i]))
        n_active++;
    }

  if (any_missing)
    return SLIPWAY_CLUSTER_STATE_CREATING;
  if (n_active == 0)
    return SLIPWAY_CLUSTER_STATE_STOPPED;
  if (n_active < n_states)
    return SLIPWAY_CLUSTER_STATE_PARTIAL;

  return SLIPWAY_CLUSTER_STATE_RUNNING;
}

const char *
slipway_console_status_to_string (SlipwayConsoleStatus status)
{
  switch (status)
    {
    case SLIPWAY_CONSOLE_STATUS_OFF:        return "off";
    case SLIPWAY_CONSOLE_STATUS_CONNECTING: return "connecting";
    case SLIPWAY_CONSOLE_STATUS_CONNECTED:  return "connected";
    case SLIPWAY_CONSOLE_STATUS_RETRYING:   return "retrying";
    case SLIPWAY_CONSOLE_STATUS_BUSY:       return "busy";
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char * const export_format_names[] = {
  [SLIPWAY_EXPORT_FORMAT_SSH_CONFIG] = "ssh-config",
  [SLIPWAY_EXPORT_FORMAT_ANSIBLE] = "ansible",
  [SLIPWAY_EXPORT_FORMAT_HOSTS] = "hosts",
};

/**
 * slipway_export_format_to_string:
 *
 * Returns: the name of @format on slipwayctl's command line: "ssh-config",
 *   "ansible" or "hosts"
 */
const char *
slipway_export_format_to_string (SlipwayExportFormat format)
{
  g_return_val_if_fail ((guint)format < G_N_ELEMENTS (export_format_names), NULL);

  return export_format_names[format];
}

gboolean
slipway_export_format_from_string (const char          *str,
                                   SlipwayExportFormat *format)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (export_format_names); i++)
    {
      if (g_str_equal (str, export_format_names[i]))
        {
          if (format != NULL)
            *format = (SlipwayExportFormat)i;
          return TRUE;
        }
    }

  return FALSE;
}
