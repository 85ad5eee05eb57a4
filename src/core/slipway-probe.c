/* slipway-probe.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "slipway-job-private.h"
#include "slipway-probe-private.h"
#include "slipway-ssh.h"

#define TCP_TIMEOUT_MS 3000
#define SSH_TIMEOUT_MS 25000
#define SSH_PORT       22

typedef struct
{
  char                     *address;
  char                     *ssh_config;
  char                     *host;
  gboolean                  host_key_only;
  SlipwayProbePortOpenFunc  port_open;
  gpointer                  port_open_data;
  GCancellable             *cancellable;   /* ours: the caller's, or the time limit */
  gulong                    cancelled_id;
  GSource                  *timeout;
  GSubprocess              *process;
  gboolean                  timed_out;
  char                    **cloud_init_errors;
} Probe;

static void
probe_free (Probe *probe)
{
  if (probe->timeout != NULL)
    {
      g_source_destroy (probe->timeout);
      g_source_unref (probe->timeout);
    }
  g_clear_object (&probe->process);
  g_clear_object (&probe->cancellable);
  g_strfreev (probe->cloud_init_errors);
  g_free (probe->address);
  g_free (probe->ssh_config);
  g_free (probe->host);
  g_free (probe);
}

/* cloud-init's result.json: {"v1": {"datasource": …, "errors": […]}}. Each
 * error as a line; a string as it is, anything else as JSON. An empty
 * array when there were none or @json says nothing about them. */
GStrv
_slipway_probe_cloud_init_errors (const char *json)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonObject *v1;
  JsonArray *errors = NULL;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, &error))
    {
      if (error != NULL)
        g_debug ("cloud-init's result is not JSON: %s", error->message);
      return g_strv_builder_end (builder);
    }

  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      (v1 = json_object_get_object_member (json_node_get_object (root), "v1")) != NULL &&
      json_object_has_member (v1, "errors") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (v1, "errors")))
    errors = json_object_get_array_member (v1, "errors");

  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonNode *item = json_array_get_element (errors, i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (item));
      else
        {
          g_autofree char *text = json_to_string (item, FALSE);

          g_strv_builder_add (builder, text);
        }
    }

  return g_strv_builder_end (builder);
}

/* OpenSSH's own words when the key is not the pinned one, when it knows
 * no key for the host, or when the server has no ed25519 key at all. */
static gboolean
says_host_key_mismatch (const char *err)
{
  return strstr (err, "REMOTE HOST IDENTIFICATION HAS CHANGED") != NULL ||
         strstr (err, "Host key verification failed") != NULL ||
         strstr (err, "no matching host key type found") != NULL;
}

SlipwayReadiness
_slipway_probe_classify_ssh (gboolean    exited,
                             int         exit_status,
                             const char *standard_output,
                             const char *standard_error)
{
  const char *err = standard_error != NULL ? standard_error : "";

  if (says_host_key_mismatch (err))
    return SLIPWAY_READINESS_HOST_KEY_MISMATCH;

  if (exited && exit_status == 0)
    {
      const char *marker = standard_output != NULL
                           ? strstr (standard_output, SLIPWAY_SSH_READY_MARKER) : NULL;

      if (marker != NULL)
        {
          g_auto(GStrv) errors = _slipway_probe_cloud_init_errors (marker + strlen (SLIPWAY_SSH_READY_MARKER));

          return errors[0] != NULL ? SLIPWAY_READINESS_READY_WITH_ERRORS : SLIPWAY_READINESS_READY;
        }
      return SLIPWAY_READINESS_SSH_AUTHENTICATED;
    }

  /* Permission denied (the key is not installed yet), connection reset
   * while sshd restarts, a timeout: the port was open, nothing more. */
  return SLIPWAY_READINESS_SSH_PORT;
}

SlipwayReadiness
_slipway_probe_classify_host_key (gboolean    exited,
                                  int         exit_status,
                                  const char *standard_error)
{
  const char *err = standard_error != NULL ? standard_error : "";

  if (says_host_key_mismatch (err))
    return SLIPWAY_READINESS_HOST_KEY_MISMATCH;

  /* ssh checks the host key before it asks to log in at all: a refused
   * login ("none" is no method the server takes) comes after the pinned
   * key held. Anything else (a reset, a timeout) is an open port only. */
  if (exited && exit_status == 255 && strstr (err, "Permission denied") != NULL)
    return SLIPWAY_READINESS_READY;

  return SLIPWAY_READINESS_SSH_PORT;
}

static gboolean
probe_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Probe *probe = g_task_get_task_data (task);

  g_debug ("Probe of %s timed out", probe->host);
  probe->timed_out = TRUE;
  g_cancellable_cancel (probe->cancellable);
  if (probe->process != NULL)
    g_subprocess_force_exit (probe->process);

  return G_SOURCE_REMOVE;
}

static void
probe_arm_timeout (GTask *task,
                   guint  ms)
{
  Probe *probe = g_task_get_task_data (task);

  if (probe->timeout != NULL)
    {
      g_source_destroy (probe->timeout);
      g_source_unref (probe->timeout);
    }

  probe->timeout = g_timeout_source_new (ms);
  /* The task outlives its sources: probe_free() destroys them. */
  g_source_set_callback (probe->timeout, probe_timeout_cb, task, NULL);
  g_source_attach (probe->timeout, g_task_get_context (task));
}

/* Ends the probe with what it saw, unless the caller cancelled it. */
static void
probe_return (GTask            *task,
              SlipwayReadiness  readiness)
{
  Probe *probe = g_task_get_task_data (task);
  GCancellable *caller = g_task_get_cancellable (task);

  if (caller != NULL)
    g_cancellable_disconnect (caller, probe->cancelled_id);
  probe->cancelled_id = 0;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_int (task, readiness);
}

static void
ssh_communicate_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  SlipwayReadiness readiness;

  if (!g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error))
    {
      g_debug ("ssh to %s: %s", probe->host, error->message);
      g_subprocess_force_exit (process);
      /* A timeout is an answer: the port was open, SSH went no further. */
      probe_return (task, SLIPWAY_READINESS_SSH_PORT);
      return;
    }

  if (probe->host_key_only)
    readiness = _slipway_probe_classify_host_key (g_subprocess_get_if_exited (process),
                                                  g_subprocess_get_if_exited (process)
                                                  ? g_subprocess_get_exit_status (process) : -1,
                                                  err);
  else
    readiness = _slipway_probe_classify_ssh (g_subprocess_get_if_exited (process),
                                             g_subprocess_get_if_exited (process)
                                             ? g_subprocess_get_exit_status (process) : -1,
                                             out, err);
  if (readiness == SLIPWAY_READINESS_HOST_KEY_MISMATCH)
    g_debug ("%s does not have its pinned host key: %s", probe->host, err);
  if (readiness == SLIPWAY_READINESS_READY_WITH_ERRORS)
    probe->cloud_init_errors =
      _slipway_probe_cloud_init_errors (strstr (out, SLIPWAY_SSH_READY_MARKER) +
                                        strlen (SLIPWAY_SSH_READY_MARKER));

  probe_return (task, readiness);
}

/* A batch ssh that offers no way to log in: the server's refusal comes
 * after the key exchange, in which ssh checked the pinned host key. No
 * session, no shell, no PAM session on the node: a fraction of a login's
 * work for its emulated CPU. */
static GStrv
host_key_argv (const char *ssh_config,
               const char *host)
{
  g_auto(GStrv) batch = slipway_ssh_batch_argv (ssh_config, host, "true");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  /* "ssh -F CONFIG", ours, then the rest: the first value of an option wins. */
  g_strv_builder_add_many (builder, batch[0], batch[1], batch[2],
                           "-o", "PreferredAuthentications=none", NULL);
  g_strv_builder_addv (builder, (const char **)batch + 3);

  return g_strv_builder_end (builder);
}

/* The spawn of one probe's ssh, in a worker thread: fork() copies the
 * caller's page tables, which for a window with terminals is a stall of
 * its main loop, long on a loaded machine. GSubprocess watches the child
 * from GLib's own worker context, so where it is made does not matter.
 * The spawn task's data is the argv; freeing it ends the worker. */
static void
spawn_argv_free (gpointer argv)
{
  g_strfreev (argv);
  _slipway_worker_release ();
}

static void
spawn_ssh_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  const char * const *argv = task_data;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GSubprocess *process;
  GError *error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* OpenSSH's messages are matched in English. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, process, g_object_unref);
}

static void
ssh_spawned_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  probe->process = g_task_propagate_pointer (G_TASK (result), &error);
  if (probe->process == NULL)
    {
      g_debug ("Could not run ssh: %s", error->message);
      probe_return (task, SLIPWAY_READINESS_SSH_PORT);
      return;
    }

  /* Timed out or cancelled while it started: the port was open. */
  if (g_cancellable_is_cancelled (probe->cancellable))
    {
      g_subprocess_force_exit (probe->process);
      probe_return (task, SLIPWAY_READINESS_SSH_PORT);
      return;
    }

  g_subprocess_communicate_utf8_async (probe->process, NULL, probe->cancellable,
                                       ssh_communicate_cb, g_object_ref (task));
}

static void
start_ssh (GTask *task)
{
  Probe *probe = g_task_get_task_data (task);
  g_autoptr(GTask) spawn_task = NULL;
  GStrv argv;

  if (probe->host_key_only)
    argv = host_key_argv (probe->ssh_config, probe->host);
  else
    argv = slipway_ssh_probe_argv (probe->ssh_config, probe->host);

  probe_arm_timeout (task, SSH_TIMEOUT_MS);
  _slipway_worker_hold ();
  spawn_task = g_task_new (NULL, NULL, ssh_spawned_cb, g_object_ref (task));
  g_task_set_source_tag (spawn_task, start_ssh);
  g_task_set_task_data (spawn_task, argv, spawn_argv_free);
  g_task_run_in_thread (spawn_task, spawn_ssh_thread);
}

static void
tcp_connect_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      g_debug ("%s:%d: %s", probe->address, SSH_PORT, error->message);
      /* Closed, unreachable or timed out: nothing beyond libvirt's view. */
      probe_return (task, SLIPWAY_READINESS_MISSING);
      return;
    }

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  if (g_cancellable_is_cancelled (probe->cancellable))
    {
      probe_return (task, SLIPWAY_READINESS_MISSING);
      return;
    }

  if (probe->port_open != NULL)
    probe->port_open (probe->port_open_data);

  start_ssh (task);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

void
_slipway_probe_async (const char                *address,
                      const char                *ssh_config,
                      const char                *host,
                      gboolean                   host_key_only,
                      SlipwayProbePortOpenFunc   port_open,
                      gpointer                   port_open_data,
                      GCancellable              *cancellable,
                      GAsyncReadyCallback        callback,
                      gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSocketClient) client = NULL;
  Probe *probe;

  g_return_if_fail (address != NULL);
  g_return_if_fail (ssh_config != NULL);
  g_return_if_fail (host != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _slipway_probe_async);

  probe = g_new0 (Probe, 1);
  probe->address = g_strdup (address);
  probe->ssh_config = g_strdup (ssh_config);
  probe->host = g_strdup (host);
  probe->host_key_only = host_key_only;
  probe->port_open = port_open;
  probe->port_open_data = port_open_data;
  probe->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, probe, (GDestroyNotify)probe_free);
  if (cancellable != NULL)
    probe->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                 g_object_ref (probe->cancellable),
                                                 g_object_unref);

  client = g_socket_client_new ();
  /* Guests sit on the host's own network: never through a proxy (and no
   * proxy settings to read). */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, TCP_TIMEOUT_MS / 1000);
  probe_arm_timeout (task, TCP_TIMEOUT_MS);
  g_socket_client_connect_to_host_async (client, address, SSH_PORT, probe->cancellable,
                                         tcp_connect_cb, g_object_ref (task));
}

SlipwayReadiness
_slipway_probe_finish (GAsyncResult   *result,
                       char         ***cloud_init_errors,
                       GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  gssize readiness;

  g_return_val_if_fail (g_task_is_valid (result, NULL), SLIPWAY_READINESS_MISSING);

  if (cloud_init_errors != NULL)
    {
      Probe *probe = g_task_get_task_data (G_TASK (result));

      *cloud_init_errors = g_steal_pointer (&probe->cloud_init_errors);
    }

  readiness = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return SLIPWAY_READINESS_MISSING;
    }

  return readiness;
}
