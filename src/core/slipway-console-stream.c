/* slipway-console-stream.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-console-private.h"
#include "slipway-error.h"
#include "slipway-gvir-private.h"
#include "slipway-job-private.h"
#include "slipway-topology.h"
#include "slipway-virt-private.h"

/* SlipwayConsole's side of libvirt: opening a console stream in a worker
 * thread, reading from and writing to it on the main context, libvirt's
 * reason when it fails, and the one place for the libvirt-glib 4.0 stream
 * workaround. */

#define RECEIVE_CHUNK 4096

/* libvirt-glib 4.0 calls virStreamFinish() in GVirStream's finalize and
 * logs a critical ("cannot finish stream") when that fails, which it always
 * does for a console stream: one that the guest or another client ended,
 * or one that we leave while it is open (virStreamFinish() is for streams
 * that end cleanly, such as uploads). There is no way to detach the handle
 * from the wrapper, so a console stream is aborted the way virsh does it
 * and its wrapper is kept alive, unreferenced, until the process exits: one
 * small object (and its stream handle) per console session that was opened.
 * Opens that fail never make a wrapper (open_stream() uses
 * the raw handle until the console is open), so retries while another
 * program has the console cost nothing. Remove this once the floor is past
 * libvirt-glib 4.0 and its finalize aborts instead of finishing. */
static gint n_kept_streams;

/**
 * _slipway_console_keep_stream:
 * @stream: (transfer full): an open console stream to leave
 *
 * Aborts @stream and keeps its wrapper alive: see above.
 */
void
_slipway_console_keep_stream (GVirStream *stream)
{
  virStreamPtr handle = NULL;

  g_return_if_fail (GVIR_IS_STREAM (stream));

  /* The property hands out a new reference on the handle. */
  g_object_get (stream, "handle", &handle, NULL);
  if (handle != NULL)
    {
      virStreamAbort (handle);
      virResetLastError ();
      virStreamFree (handle);
    }

  /* Deliberately not unreferenced. */
  g_debug ("Keeping the aborted console stream %p alive; %d kept in this process",
           stream, g_atomic_int_add (&n_kept_streams, 1) + 1);
}

guint
_slipway_console_get_n_kept_streams (void)
{
  return (guint)g_atomic_int_get (&n_kept_streams);
}

/* The running domain of @node_name, with its own reference on the
 * connection. Blocks. */
static virDomainPtr
lookup_console_domain (SlipwayProvisioner  *self,
                       const char          *cluster,
                       const char          *node_name,
                       GCancellable        *cancellable,
                       GError             **error)
{
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(SlipwayTopology) topology = NULL;
  g_autoptr(virDomain) dom = NULL;
  g_autoptr(virConnect) conn = NULL;
  const SlipwayNodeInfo *node;

  conn = _slipway_provisioner_dup_handle (self, cancellable, error);
  if (conn == NULL)
    return NULL;

  spec = _slipway_virt_load_cluster_spec (conn, cluster, NULL, error);
  if (spec == NULL)
    return NULL;
  topology = slipway_topology_new (spec, error);
  if (topology == NULL)
    return NULL;

  node = slipway_topology_find_node (topology, node_name);
  if (node == NULL)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   _("Cluster “%s” has no node named “%s”."), cluster, node_name);
      return NULL;
    }

  dom = _slipway_virt_lookup_domain (conn, node->domain_name);
  if (dom == NULL || !_slipway_virt_domain_belongs_to (dom, cluster, NULL))
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   _("Node “%s” has no virtual machine. Reset it to make it again."), node->name);
      return NULL;
    }

  if (!_slipway_virt_domain_is_active (dom))
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                   _("Node “%s” is not running. Start it first."), node->name);
      return NULL;
    }

  return g_steal_pointer (&dom);
}

/* Blocks: in a worker thread. Without @force, a console that another
 * client has fails with %SLIPWAY_ERROR_BUSY. Returns (transfer full) a
 * non-blocking stream connected to the serial console of @node; leave it
 * with _slipway_console_keep_stream(). */
static GVirStream *
open_stream (SlipwayProvisioner  *provisioner,
             const char          *cluster,
             const char          *node,
             gboolean             force,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(virDomain) dom = NULL;
  g_autofree char *context = NULL;
  virStreamPtr handle;
  const char *detail;

  dom = lookup_console_domain (provisioner, cluster, node, cancellable, error);
  if (dom == NULL)
    return NULL;

  /* The raw handle until the console is open: see above. The domain holds
   * a reference on its connection. */
  handle = virStreamNew (virDomainGetConnect (dom), VIR_STREAM_NONBLOCK);

  /* libvirt directly rather than gvir_domain_open_console(): libvirt's
   * error code is gone by the time that returns, and it is what tells a
   * console in use ("Active console session exists") from other failures. */
  if (handle != NULL &&
      virDomainOpenConsole (dom, NULL, handle, force ? VIR_DOMAIN_CONSOLE_FORCE : 0) == 0)
    {
      /* The wrapper takes over our reference on the handle. */
      return g_object_new (GVIR_TYPE_STREAM, "handle", handle, NULL);
    }

  if (!force && virGetLastErrorCode () == VIR_ERR_OPERATION_FAILED)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY,
                   _("The serial console of “%s” is in use by another program, such as "
                     "virsh console or another Slipway window."), node);
    }
  else
    {
      detail = virGetLastErrorMessage ();
      /* Translators: %s is a node name */
      context = g_strdup_printf (_("Could not open the serial console of “%s”"), node);
      /* Translators: the first %s says what failed, the second is libvirt's reason */
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR, _("%s: %s"), context,
                   detail != NULL ? detail : _("unknown error"));
    }

  virResetLastError ();
  g_clear_pointer (&handle, virStreamFree);

  return NULL;
}

typedef struct
{
  SlipwayProvisioner *provisioner;
  char               *cluster;
  char               *node;
  gboolean            force;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->provisioner);
  g_clear_pointer (&data->cluster, g_free);
  g_clear_pointer (&data->node, g_free);
  g_free (data);
  /* The provisioner's libvirt handles went with it. */
  _slipway_worker_release ();
}

static void
open_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  GVirStream *stream;

  stream = open_stream (data->provisioner, data->cluster, data->node, data->force,
                        cancellable, &error);
  if (stream == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, stream, (GDestroyNotify)_slipway_console_keep_stream);
}

/**
 * _slipway_console_open_stream_async:
 * @force: take the console from the client that has it
 *
 * Opens the serial console of @self's node in a worker thread (counted by
 * slipway_wait_idle_async()). Without @force, a console that another
 * client has fails with %SLIPWAY_ERROR_BUSY.
 */
void
_slipway_console_open_stream_async (SlipwayConsole      *self,
                                    gboolean             force,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  data = g_new0 (OpenData, 1);
  data->provisioner = g_object_ref (self->provisioner);
  data->cluster = g_strdup (self->cluster);
  data->node = g_strdup (self->node);
  data->force = force;
  _slipway_worker_hold ();

  task = g_task_new (self, cancellable, callback, NULL);
  g_task_set_source_tag (task, _slipway_console_open_stream_async);
  g_task_set_task_data (task, data, (GDestroyNotify)open_data_free);
  g_task_run_in_thread (task, open_worker);
}

/* Returns: (transfer full): a non-blocking stream connected to the
 * console, for _slipway_console_attach_stream() */
GVirStream *
_slipway_console_open_stream_finish (GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * _slipway_console_taken_error:
 * @error: what gvir_stream_receive() or gvir_stream_send() said
 *
 * Call it right after the failed call, on the same thread, while libvirt's
 * own error is set.
 *
 * Returns: (transfer full): a %SLIPWAY_ERROR_CONSOLE_TAKEN error
 */
GError *
_slipway_console_taken_error (const char   *cluster,
                              const char   *node,
                              const GError *error)
{
  virErrorPtr last = virGetLastError ();
  g_autofree char *domain_name = slipway_topology_domain_name (cluster, node);
  GError *ret;

  /* A stream that fails while the guest runs is, nearly always, one that
   * another client took with --force: libvirt aborts the old stream, and
   * its reason ("stream had I/O failure") says little. */
  ret = g_error_new (SLIPWAY_ERROR, SLIPWAY_ERROR_CONSOLE_TAKEN,
                     /* Translators: the 1st %s is a libvirt domain, the 2nd why */
                     _("The serial console of %s was disconnected (%s). Another program may "
                       "have taken it over, as console --force does."),
                     domain_name,
                     last != NULL && last->message != NULL ? last->message : error->message);
  virResetLastError ();

  return ret;
}

/* ------------------------------------------------------------------------ */
/* I/O, on the main context                                                 */

static gboolean
on_readable_cb (GVirStream            *stream,
                GVirStreamIOCondition  condition,
                gpointer               user_data)
{
  SlipwayConsole *self = user_data;
  char buffer[RECEIVE_CHUNK];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = gvir_stream_receive (stream, buffer, sizeof buffer, NULL, &error);

      if (n > 0)
        {
          _slipway_console_receive (self, buffer, n);

          /* A handler may have closed the console. */
          if (self->stream != stream)
            return G_SOURCE_REMOVE;
          continue;
        }

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK) &&
          (condition & (GVIR_STREAM_IO_CONDITION_HANGUP | GVIR_STREAM_IO_CONDITION_ERROR)) == 0)
        return G_SOURCE_CONTINUE;

      self->read_source = 0;
      if (n < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        _slipway_console_end_stream (self, _slipway_console_taken_error (self->cluster, self->node, error));
      else
        _slipway_console_end_stream (self, NULL);

      return G_SOURCE_REMOVE;
    }
}

static gboolean
on_writable_cb (GVirStream            *stream,
                GVirStreamIOCondition  condition,
                gpointer               user_data)
{
  SlipwayConsole *self = user_data;

  self->write_source = 0;

  if ((condition & (GVIR_STREAM_IO_CONDITION_HANGUP | GVIR_STREAM_IO_CONDITION_ERROR)) != 0 &&
      (condition & GVIR_STREAM_IO_CONDITION_WRITABLE) == 0)
    {
      _slipway_console_end_stream (self, NULL);
      return G_SOURCE_REMOVE;
    }

  _slipway_console_flush (self);

  return G_SOURCE_REMOVE;
}

/* Sends what the stream takes now; waits for it to be writable otherwise. */
void
_slipway_console_flush (SlipwayConsole *self)
{
  while (self->stream != NULL && self->to_guest->len > 0)
    {
      g_autoptr(GError) error = NULL;
      gssize n = gvir_stream_send (self->stream, (const char *)self->to_guest->data,
                                   self->to_guest->len, NULL, &error);

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          if (self->write_source == 0)
            self->write_source = gvir_stream_add_watch (self->stream,
                                                        GVIR_STREAM_IO_CONDITION_WRITABLE,
                                                        on_writable_cb, self);
          return;
        }

      if (n < 0)
        {
          _slipway_console_end_stream (self, _slipway_console_taken_error (self->cluster, self->node, error));
          return;
        }

      g_byte_array_remove_range (self->to_guest, 0, (guint)n);
      g_object_notify (G_OBJECT (self), "pending");
    }
}

void
_slipway_console_attach_stream (SlipwayConsole *self,
                                GVirStream     *stream)
{
  g_assert (self->stream == NULL);

  self->stream = stream;
  self->read_source = gvir_stream_add_watch (stream, GVIR_STREAM_IO_CONDITION_READABLE,
                                             on_readable_cb, self);
}

void
_slipway_console_drop_stream (SlipwayConsole *self)
{
  g_clear_handle_id (&self->read_source, g_source_remove);
  g_clear_handle_id (&self->write_source, g_source_remove);

  if (self->stream != NULL)
    _slipway_console_keep_stream (g_steal_pointer (&self->stream));
}
