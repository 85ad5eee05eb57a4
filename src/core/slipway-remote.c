/* slipway-remote.c — what a libvirt URI says about the host the VMs run on
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slipway-error.h"
#include "slipway-remote.h"

/* libvirt's URIs: DRIVER[+TRANSPORT]://[USER@][HOST][:PORT]/PATH[?PARAMS].
 * A URI with no host, or with "localhost", runs the VMs on this machine:
 * their bridge is here, and so are the cluster's files as they always were. */

static GUri *
parse_uri (const char *uri)
{
  if (uri == NULL)
    return NULL;

  /* The query is decoded by g_uri_parse_params(), as libvirt decodes it. */
  return g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_NON_DNS, NULL);
}

static gboolean
parsed_is_remote (GUri *parsed)
{
  const char *host = parsed != NULL ? g_uri_get_host (parsed) : NULL;

  return host != NULL && host[0] != '\0' && g_ascii_strcasecmp (host, "localhost") != 0;
}

/**
 * slipway_uri_is_remote:
 * @uri: (nullable): a libvirt URI
 *
 * Returns: %TRUE when @uri names a host other than this machine, so that
 *   the VMs' bridge and routes are not this machine's
 */
gboolean
slipway_uri_is_remote (const char *uri)
{
  g_autoptr(GUri) parsed = parse_uri (uri);

  return parsed_is_remote (parsed);
}

/**
 * slipway_uri_local_qemu_path:
 * @uri: (nullable): a libvirt URI
 *
 * Returns: (transfer full) (nullable): the instance of QEMU's driver that
 *   @uri reaches on this machine without a network transport ("/system",
 *   "/session"), so that its daemon shares this machine's kernel and, for
 *   "/session", this user; %NULL for another driver, a host named (even
 *   "localhost": the SSH login may be another user) or a network transport
 */
char *
slipway_uri_local_qemu_path (const char *uri)
{
  g_autoptr(GUri) parsed = parse_uri (uri);
  const char *scheme = parsed != NULL ? g_uri_get_scheme (parsed) : NULL;
  const char *host = parsed != NULL ? g_uri_get_host (parsed) : NULL;

  if (scheme == NULL || !(g_str_equal (scheme, "qemu") || g_str_equal (scheme, "qemu+unix")) ||
      (host != NULL && host[0] != '\0'))
    return NULL;

  return g_strdup (g_uri_get_path (parsed));
}

/* The transport part of the scheme, "" when there is none. */
static const char *
uri_transport (GUri *parsed)
{
  const char *plus = strchr (g_uri_get_scheme (parsed), '+');

  return plus != NULL ? plus + 1 : "";
}

/**
 * slipway_uri_check_transport:
 * @uri: (nullable): a libvirt URI
 * @error: return location for the #GError
 *
 * Refuses libvirt's `libssh` and `libssh2` transports. Over them libvirt
 * 9.0's RPC client (src/rpc/virnetclient.c, virNetClientIOEventLoop())
 * fails in two ways, both in the client library:
 *
 * - a reply that the transport has already read into its own buffer does
 *   not wake the thread that waits for it: the wait's timeout of 0 for
 *   "cached data" is computed and never used, so the thread sleeps on the
 *   socket until the next packet comes (the daemon's keepalive, up to 5 s
 *   later), which makes every reply of a few KiB (a domain's XML) a stall;
 * - a second thread's call on the connection wakes that sleeper by quitting
 *   its loop; its watch on the socket, whose data points into its stack,
 *   stays attached when the reply then comes from the buffer, and the next
 *   thread to wait dispatches it: a write into a dead stack frame and a
 *   SIGSEGV in virNetClientIOEventFD() (slipwayctl create, wait, list and
 *   the window, once a cluster made replies large enough).
 *
 * Neither can be worked around from outside libvirt without the other:
 * one call at a time stalls, more than one crashes. The `ssh` transport
 * (OpenSSH, buffering nothing in the client) has neither.
 *
 * Returns: %TRUE when Slipway can connect through @uri's transport
 */
gboolean
slipway_uri_check_transport (const char  *uri,
                             GError     **error)
{
  g_autoptr(GUri) parsed = parse_uri (uri);
  const char *transport;
  const char *scheme;
  g_autofree char *driver = NULL;
  g_autofree char *ssh_scheme = NULL;

  if (parsed == NULL)
    return TRUE;

  transport = uri_transport (parsed);
  if (!g_str_equal (transport, "libssh") && !g_str_equal (transport, "libssh2"))
    return TRUE;

  scheme = g_uri_get_scheme (parsed);
  driver = g_strndup (scheme, strchr (scheme, '+') - scheme);
  ssh_scheme = g_strconcat (driver, "+ssh", NULL);
  g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
               /* Translators: the first %s is a URI scheme such as “qemu+libssh”,
                * the second one such as “qemu+ssh” */
               _("Slipway cannot connect through “%s://”: libvirt 9.0 crashes or stalls on that "
                 "transport. Use “%s://” with the same user, host, port and keyfile= instead."),
               scheme, ssh_scheme);

  return FALSE;
}

/**
 * slipway_jump_new_from_uri:
 * @uri: (nullable): a libvirt URI
 *
 * The SSH jump to the libvirt host of @uri: its user, host and port, and
 * the `keyfile=` and `known_hosts=` parameters of the `ssh`, `libssh` and
 * `libssh2` transports. `known_hosts=` is taken for every SSH transport:
 * libvirt 9.0's `ssh` transport ignores it, but the jump Slipway builds is
 * its own ssh run, which honours it.
 *
 * Returns: (transfer full) (nullable): the jump, or %NULL when @uri is
 *   local or reaches its host by something other than SSH
 */
SlipwayJump *
slipway_jump_new_from_uri (const char *uri)
{
  g_autoptr(GUri) parsed = parse_uri (uri);
  g_autoptr(GHashTable) params = NULL;
  const char *transport;
  const char *query;
  SlipwayJump *jump;

  if (!parsed_is_remote (parsed))
    return NULL;

  transport = uri_transport (parsed);
  if (!g_str_equal (transport, "ssh") && !g_str_equal (transport, "libssh") &&
      !g_str_equal (transport, "libssh2"))
    return NULL;

  query = g_uri_get_query (parsed);
  if (query != NULL)
    params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);

  jump = g_new0 (SlipwayJump, 1);
  jump->host = g_strdup (g_uri_get_host (parsed));
  jump->port = g_uri_get_port (parsed) > 0 ? (guint)g_uri_get_port (parsed) : 0;
  if (g_uri_get_user (parsed) != NULL && g_uri_get_user (parsed)[0] != '\0')
    jump->user = g_strdup (g_uri_get_user (parsed));
  if (params != NULL)
    {
      const char *keyfile = g_hash_table_lookup (params, "keyfile");
      const char *known = g_hash_table_lookup (params, "known_hosts");

      if (keyfile != NULL && keyfile[0] != '\0')
        jump->identity_file = g_strdup (keyfile);
      if (known != NULL && known[0] != '\0')
        jump->known_hosts = g_strdup (known);
    }

  return jump;
}

/**
 * slipway_jump_copy:
 * @jump: a jump
 *
 * Returns: (transfer full): a copy of @jump
 */
SlipwayJump *
slipway_jump_copy (const SlipwayJump *jump)
{
  SlipwayJump *copy;

  g_return_val_if_fail (jump != NULL, NULL);

  copy = g_new0 (SlipwayJump, 1);
  copy->host = g_strdup (jump->host);
  copy->user = g_strdup (jump->user);
  copy->port = jump->port;
  copy->identity_file = g_strdup (jump->identity_file);
  copy->known_hosts = g_strdup (jump->known_hosts);

  return copy;
}

void
slipway_jump_free (SlipwayJump *jump)
{
  if (jump == NULL)
    return;

  g_free (jump->host);
  g_free (jump->user);
  g_free (jump->identity_file);
  g_free (jump->known_hosts);
  g_free (jump);
}

static void
append_safe (GString    *out,
             const char *part)
{
  for (const char *p = part; *p != '\0'; p++)
    g_string_append_c (out, g_ascii_isalnum (*p) || strchr ("@.-", *p) != NULL ? *p : '_');
}

/**
 * slipway_uri_connection_folder:
 * @uri: (nullable): a libvirt URI
 *
 * The name of the folder that keeps the files of the clusters on the
 * remote host of @uri apart from those of other hosts: `USER@HOST_PORT_PATH`,
 * with anything but letters, digits, '@', '.' and '-' as '_'. The
 * transport and the parameters are left out: `qemu+ssh://` and
 * `qemu+libssh://` to the same daemon reach the same clusters.
 *
 * Returns: (transfer full) (nullable): the name, or %NULL for a local URI,
 *   whose clusters keep the folders they always had
 */
char *
slipway_uri_connection_folder (const char *uri)
{
  g_autoptr(GUri) parsed = parse_uri (uri);
  GString *out;

  if (!parsed_is_remote (parsed))
    return NULL;

  out = g_string_new (NULL);
  if (g_uri_get_user (parsed) != NULL && g_uri_get_user (parsed)[0] != '\0')
    {
      append_safe (out, g_uri_get_user (parsed));
      g_string_append_c (out, '@');
    }
  append_safe (out, g_uri_get_host (parsed));
  if (g_uri_get_port (parsed) > 0)
    g_string_append_printf (out, "_%d", g_uri_get_port (parsed));
  append_safe (out, g_uri_get_path (parsed));

  return g_string_free (out, FALSE);
}

static gboolean
says_any (const char         *message,
          const char * const *needles)
{
  for (guint i = 0; needles[i] != NULL; i++)
    if (strstr (message, needles[i]) != NULL)
      return TRUE;

  return FALSE;
}

/**
 * slipway_remote_connect_error:
 * @uri: the libvirt URI of a remote host (see slipway_uri_is_remote())
 * @reason: libvirt's reason why the connection failed
 * @auth_failed: libvirt said it was an authentication failure
 * @error: return location for the #GError
 *
 * Says which step of reaching a remote libvirt failed, and what to do:
 * the SSH login, reaching the host at all, its host key, or libvirt on the
 * host (not running, or not open to the user). libvirt's @reason follows.
 */
void
slipway_remote_connect_error (const char  *uri,
                              const char  *reason,
                              gboolean     auth_failed,
                              GError     **error)
{
  static const char * const login[] = {
    "authenticat", "Access denied", "Permission denied (publickey", "no more authentication methods", NULL
  };
  static const char * const unreachable[] = {
    "Connection refused", "No route to host", "timed out", "Network is unreachable",
    "not known", "resolve", "unable to connect to server", NULL
  };
  static const char * const host_key[] = {
    "Host key verification failed", "host key", "known_hosts", NULL
  };
  static const char * const denied[] = { "Permission denied", NULL };
  static const char * const no_daemon[] = {
    "libvirt-sock", "Remote command terminated", "unix connect failed", "End of file while reading data",
    "No such file or directory", NULL
  };
  g_autoptr(GUri) parsed = parse_uri (uri);
  const char *host = parsed != NULL && g_uri_get_host (parsed) != NULL ? g_uri_get_host (parsed) : uri;

  g_return_if_fail (uri != NULL);
  g_return_if_fail (reason != NULL);

  if (auth_failed || says_any (reason, login))
    g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                 /* Translators: the first %s is a host name, the second libvirt's reason */
                 _("Could not log in to %s over SSH: %s. Check the user and the key the "
                   "connection address names (keyfile=), and that %s accepts that key."),
                 host, reason, host);
  else if (says_any (reason, host_key))
    g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                 /* Translators: the first %s is a host name, the second libvirt's reason */
                 _("The SSH host key of %s is not known or has changed: %s. Check the host "
                   "key, then add it to the known_hosts file the connection uses."),
                 host, reason);
  else if (says_any (reason, unreachable))
    g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                 /* Translators: the first %s is a host name, the second libvirt's reason */
                 _("Could not reach %s: %s. Check the host name and the port of the "
                   "connection address, and that an SSH server runs there."),
                 host, reason);
  else if (says_any (reason, denied))
    g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                 /* Translators: the first %s is a host name, the second libvirt's reason */
                 _("Logged in to %s, but libvirt there refused the user: %s. Connect as a "
                   "user in the “libvirt” group of %s, or as root."),
                 host, reason, host);
  else if (says_any (reason, no_daemon))
    g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                 /* Translators: the first %s is a host name, the second libvirt's reason */
                 _("Logged in to %s, but libvirt is not running there: %s. Start the "
                   "libvirt daemon on %s (and check the socket= of the connection address)."),
                 host, reason, host);
  else
    g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                 /* Translators: the first %s is a host name, the second libvirt's reason */
                 _("Could not connect to libvirt on %s: %s. Check the connection address "
                   "and that the libvirt daemon there is running."),
                 host, reason);
}
