/* slipway-lock.c: one operation per cluster, across processes
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* F_OFD_SETLK, F_OFD_SETLKW, F_OFD_GETLK */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "slipway-enums.h"
#include "slipway-error.h"
#include "slipway-lock-private.h"

/* Why OFD locks: a process that crashes or is killed cannot leave one
 * behind (the kernel drops it with the last descriptor), unlike a PID
 * file; and unlike POSIX record locks they conflict between two open
 * files of one process too, so two connections in one process exclude
 * each other, and closing some other descriptor of the file does not
 * drop them. The file is removed before the lock goes, so a file seen
 * with no lock on it is one whose holder died: it is taken over. */

#define LOCK_GROUP "Lock"
#define MAX_ATTEMPTS 16

struct _SlipwayLock
{
  int       fd;
  char     *path;
  gboolean  pool;   /* a pool's lock: its file stays (see _slipway_lock_pool()) */
};

/* The lock files this process holds. An OFD lock conflicts with every
 * other open file description, ours too: without this, a query between
 * our lock and the line that says who holds it would read an empty file
 * and report "another program". */
static GMutex held_lock;
static GHashTable *held;

static void
set_held (const char *path,
          gboolean    is_held)
{
  g_mutex_lock (&held_lock);
  if (held == NULL)
    held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (is_held)
    g_hash_table_add (held, g_strdup (path));
  else
    g_hash_table_remove (held, path);
  g_mutex_unlock (&held_lock);
}

static gboolean
is_held (const char *path)
{
  gboolean ret;

  g_mutex_lock (&held_lock);
  ret = held != NULL && g_hash_table_contains (held, path);
  g_mutex_unlock (&held_lock);

  return ret;
}

char *
_slipway_lock_dir (const char *uri)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uri, -1);
  hash[16] = '\0';

  return g_build_filename (g_get_user_runtime_dir (), "slipway", hash, NULL);
}

char *
_slipway_lock_path (const char *uri,
                    const char *cluster)
{
  g_autofree char *dir = _slipway_lock_dir (uri);
  g_autofree char *base = g_strconcat (cluster, ".lock", NULL);

  return g_build_filename (dir, base, NULL);
}

typedef enum
{
  OPEN_LOCKED,
  OPEN_BUSY,
  OPEN_FAILED,
} OpenResult;

/* Opens @path and locks it; with @wait, waits for the lock. The file it
 * locked is the one @path names: one removed meanwhile by the holder
 * that let it go is tried again. */
static OpenResult
open_locked (const char *path,
             gboolean    wait,
             short       type,
             int        *fd_out,
             int        *errno_out)
{
  for (guint attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
    {
      struct flock fl = { .l_type = type, .l_whence = SEEK_SET };
      struct stat opened;
      struct stat named;
      int fd;

      fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
      if (fd < 0)
        {
          *errno_out = errno;
          return OPEN_FAILED;
        }

      while (fcntl (fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl) < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          close (fd);
          if (saved == EAGAIN || saved == EACCES)
            return OPEN_BUSY;
          *errno_out = saved;
          return OPEN_FAILED;
        }

      if (fstat (fd, &opened) == 0 && g_stat (path, &named) == 0 &&
          opened.st_dev == named.st_dev && opened.st_ino == named.st_ino)
        {
          *fd_out = fd;
          return OPEN_LOCKED;
        }
      close (fd);
    }

  *errno_out = EAGAIN;
  return OPEN_FAILED;
}

static char *
describe_self (SlipwayOperationKind  operation,
               const char * const   *nodes)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GEnumClass) kinds = g_type_class_ref (SLIPWAY_TYPE_OPERATION_KIND);
  GEnumValue *value = g_enum_get_value (kinds, operation);
  const char *program = g_get_prgname ();

  g_key_file_set_string (file, LOCK_GROUP, "Program", program != NULL ? program : "slipway");
  g_key_file_set_int64 (file, LOCK_GROUP, "Pid", getpid ());
  if (value != NULL)
    g_key_file_set_string (file, LOCK_GROUP, "Operation", value->value_nick);
  if (nodes != NULL && nodes[0] != NULL)
    g_key_file_set_string_list (file, LOCK_GROUP, "Nodes", nodes, g_strv_length ((char **)nodes));

  return g_key_file_to_data (file, NULL, NULL);
}

static SlipwayLockHolder *
parse_holder (const char *contents,
              gsize       length)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  SlipwayLockHolder *holder = g_new0 (SlipwayLockHolder, 1);
  g_autofree char *nick = NULL;

  if (!g_key_file_load_from_data (file, contents, length, G_KEY_FILE_NONE, NULL))
    return holder;

  holder->program = g_key_file_get_string (file, LOCK_GROUP, "Program", NULL);
  holder->pid = (GPid)g_key_file_get_int64 (file, LOCK_GROUP, "Pid", NULL);
  holder->nodes = g_key_file_get_string_list (file, LOCK_GROUP, "Nodes", NULL, NULL);
  nick = g_key_file_get_string (file, LOCK_GROUP, "Operation", NULL);
  if (nick != NULL)
    {
      g_autoptr(GEnumClass) kinds = g_type_class_ref (SLIPWAY_TYPE_OPERATION_KIND);
      GEnumValue *value = g_enum_get_value_by_nick (kinds, nick);

      if (value != NULL)
        {
          holder->operation = value->value;
          holder->known_operation = TRUE;
        }
    }

  return holder;
}

/* What the holder wrote in @fd, or an empty holder while it is still
 * writing. */
static SlipwayLockHolder *
read_holder (int fd)
{
  char buffer[4096];
  ssize_t n;

  do
    n = pread (fd, buffer, sizeof buffer - 1, 0);
  while (n < 0 && errno == EINTR);

  if (n <= 0)
    return g_new0 (SlipwayLockHolder, 1);

  buffer[n] = '\0';
  return parse_holder (buffer, n);
}

/**
 * _slipway_lock_acquire:
 * @nodes: (nullable): the nodes @operation acts on, %NULL for all
 *
 * Returns: (transfer full) (nullable): the lock, until
 *   _slipway_lock_release()
 */
static SlipwayLockHolder *query_holder (const char *uri,
                                        const char *cluster,
                                        gboolean    own_counts);

SlipwayLock *
_slipway_lock_acquire (const char            *uri,
                       const char            *cluster,
                       SlipwayOperationKind   operation,
                       const char * const    *nodes,
                       GError               **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  SlipwayLock *lock;
  int saved_errno = 0;
  int fd = -1;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (cluster != NULL, NULL);

  dir = _slipway_lock_dir (uri);
  path = _slipway_lock_path (uri, cluster);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   /* Translators: %s is a folder, the second %s why it failed */
                   _("Could not make the folder “%s” for the locks of clusters: %s. "
                     "Check that $XDG_RUNTIME_DIR is yours and writable."),
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  switch (open_locked (path, FALSE, F_WRLCK, &fd, &saved_errno))
    {
    case OPEN_LOCKED:
      break;

    case OPEN_BUSY:
      {
        g_autoptr(SlipwayLockHolder) holder = query_holder (uri, cluster, TRUE);
        g_autofree char *message = NULL;

        if (holder == NULL)
          holder = g_new0 (SlipwayLockHolder, 1);
        message = _slipway_lock_holder_describe (holder, cluster);
        g_set_error_literal (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY, message);
        return NULL;
      }

    case OPEN_FAILED:
    default:
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   /* Translators: %s is a file, the second %s why it failed */
                   _("Could not lock “%s”: %s. Check that $XDG_RUNTIME_DIR is yours and writable."),
                   path, g_strerror (saved_errno));
      return NULL;
    }

  set_held (path, TRUE);
  contents = describe_self (operation, nodes);
  if (ftruncate (fd, 0) != 0 || pwrite (fd, contents, strlen (contents), 0) < 0)
    g_debug ("Could not say who holds %s: %s", path, g_strerror (errno));

  lock = g_new0 (SlipwayLock, 1);
  lock->fd = fd;
  lock->path = g_steal_pointer (&path);

  return lock;
}

void
_slipway_lock_release (SlipwayLock *lock)
{
  if (lock == NULL)
    return;

  if (lock->pool)
    {
      close (lock->fd);
    }
  else
    {
      /* Removed first: whoever opened it meanwhile sees it gone and tries
       * again with a new file. */
      g_unlink (lock->path);
      close (lock->fd);
      set_held (lock->path, FALSE);
    }
  g_free (lock->path);
  g_free (lock);
}

static SlipwayLockHolder *
query_holder (const char *uri,
              const char *cluster,
              gboolean    own_counts)
{
  g_autofree char *path = NULL;
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
  SlipwayLockHolder *holder;
  int fd;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (cluster != NULL, NULL);

  path = _slipway_lock_path (uri, cluster);
  if (!own_counts && is_held (path))
    return NULL;
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return NULL;

  if (fcntl (fd, F_OFD_GETLK, &fl) < 0 || fl.l_type == F_UNLCK)
    {
      close (fd);
      return NULL;
    }

  holder = read_holder (fd);
  close (fd);

  return holder;
}

/**
 * _slipway_lock_query:
 *
 * Returns: (transfer full) (nullable): who holds @cluster's lock; %NULL when
 *   nobody does, or this process does
 */
SlipwayLockHolder *
_slipway_lock_query (const char *uri,
                     const char *cluster)
{
  return query_holder (uri, cluster, FALSE);
}

void
_slipway_lock_holder_free (SlipwayLockHolder *holder)
{
  if (holder == NULL)
    return;

  g_free (holder->program);
  g_strfreev (holder->nodes);
  g_free (holder);
}

static char *
describe_nodes (const SlipwayLockHolder *holder,
                const char              *cluster)
{
  g_autofree char *nodes = g_strjoinv (", ", holder->nodes);

  switch (holder->operation)
    {
    case SLIPWAY_OPERATION_START:
      /* Translators: "worker0, worker1 of cluster “lab” is being started by slipwayctl, pid 4242." */
      return g_strdup_printf (_("%s of cluster “%s” is being started by %s, pid %d. Wait until that is done."),
                              nodes, cluster, holder->program, (int)holder->pid);
    case SLIPWAY_OPERATION_STOP:
      return g_strdup_printf (_("%s of cluster “%s” is being shut down by %s, pid %d. Wait until that is done."),
                              nodes, cluster, holder->program, (int)holder->pid);
    case SLIPWAY_OPERATION_FORCE_OFF:
      return g_strdup_printf (_("%s of cluster “%s” is being forced off by %s, pid %d. Wait until that is done."),
                              nodes, cluster, holder->program, (int)holder->pid);
    case SLIPWAY_OPERATION_RESET:
      return g_strdup_printf (_("%s of cluster “%s” is being reset by %s, pid %d. Wait until that is done."),
                              nodes, cluster, holder->program, (int)holder->pid);
    case SLIPWAY_OPERATION_REBUILD:
      return g_strdup_printf (_("%s of cluster “%s” is being rebuilt by %s, pid %d. Wait until that is done."),
                              nodes, cluster, holder->program, (int)holder->pid);
    case SLIPWAY_OPERATION_RESTORE_CHECKPOINT:
      return g_strdup_printf (_("%s of cluster “%s” is being restored by %s, pid %d. Wait until that is done."),
                              nodes, cluster, holder->program, (int)holder->pid);
    case SLIPWAY_OPERATION_CREATE:
    case SLIPWAY_OPERATION_DESTROY:
    case SLIPWAY_OPERATION_SAVE_CHECKPOINT:
    case SLIPWAY_OPERATION_DELETE_CHECKPOINT:
    default:
      return NULL;
    }
}

/**
 * _slipway_lock_holder_describe:
 *
 * Returns: (transfer full): a sentence for %SLIPWAY_ERROR_BUSY
 */
char *
_slipway_lock_holder_describe (const SlipwayLockHolder *holder,
                               const char              *cluster)
{
  g_return_val_if_fail (holder != NULL, NULL);
  g_return_val_if_fail (cluster != NULL, NULL);

  if (holder->program == NULL || !holder->known_operation)
    /* Translators: %s is a cluster name */
    return g_strdup_printf (_("Another program runs an operation on cluster “%s”. Wait until that is done."),
                            cluster);

  if (holder->nodes != NULL && holder->nodes[0] != NULL)
    {
      char *text = describe_nodes (holder, cluster);

      if (text != NULL)
        return text;
    }

  switch (holder->operation)
    {
    case SLIPWAY_OPERATION_CREATE:
      /* Translators: "Cluster “lab” is being created by slipwayctl, pid 4242." */
      return g_strdup_printf (_("Cluster “%s” is being created by %s, pid %d. Wait until that is done."),
                              cluster, holder->program, (int)holder->pid);
    case SLIPWAY_OPERATION_START:
      return g_strdup_printf (_("Cluster “%s” is being started by %s, pid %d. Wait until that is done."),
                              cluster, holder->program, (int)holder->pid);
    case SLIPWAY_OPERATION_STOP:
      return g_strdup_printf (_("Cluster “%s” is being shut down by %s, pid %d. Wait until that is done."),
                              cluster, holder->program, (int)holder->pid);
    case SLIPWAY_OPERATION_FORCE_OFF:
      return g_strdup_printf (_("Cluster “%s” is being forced off by %s, pid %d. Wait until that is done."),
                              cluster, holder->program, (int)holder->pid);
    case SLIPWAY_OPERATION_RESET:
      return g_strdup_printf (_("Cluster “%s” is being reset by %s, pid %d. Wait until that is done."),
                              cluster, holder->program, (int)holder->pid);
    case SLIPWAY_OPERATION_DESTROY:
      return g_strdup_printf (_("Cluster “%s” is being destroyed by %s, pid %d. Wait until that is done."),
                              cluster, holder->program, (int)holder->pid);
    case SLIPWAY_OPERATION_REBUILD:
      return g_strdup_printf (_("Cluster “%s” is being rebuilt by %s, pid %d. Wait until that is done."),
                              cluster, holder->program, (int)holder->pid);
    case SLIPWAY_OPERATION_SAVE_CHECKPOINT:
      return g_strdup_printf (_("A checkpoint of cluster “%s” is being saved by %s, pid %d. Wait until that is done."),
                              cluster, holder->program, (int)holder->pid);
    case SLIPWAY_OPERATION_RESTORE_CHECKPOINT:
      return g_strdup_printf (_("Cluster “%s” is being restored by %s, pid %d. Wait until that is done."),
                              cluster, holder->program, (int)holder->pid);
    case SLIPWAY_OPERATION_DELETE_CHECKPOINT:
      return g_strdup_printf (_("A checkpoint of cluster “%s” is being deleted by %s, pid %d. Wait until that is done."),
                              cluster, holder->program, (int)holder->pid);
    default:
      /* Translators: "Cluster “lab” is busy: slipwayctl, pid 4242, runs an operation on it." */
      return g_strdup_printf (_("Cluster “%s” is busy: %s, pid %d, runs an operation on it. Wait until that is done."),
                              cluster, holder->program, (int)holder->pid);
    }
}

/**
 * _slipway_lock_pool:
 * @shared: whether others that ask for it shared hold it at the same time
 *
 * The lock of a storage pool across this user's Slipway processes: libvirt
 * refuses to refresh a pool while a volume is built in it, so a refresh
 * holds the lock alone, and the creates of volumes, which libvirt runs side
 * by side, share it. A shared lock's file cannot be removed on release as
 * a cluster's is (the other holders would keep the old file while a
 * newcomer makes a new one): a pool's stays, one small file per pool.
 *
 * Returns: (transfer full) (nullable): the pool's lock
 */
SlipwayLock *
_slipway_lock_pool (const char *uri,
                    const char *pool,
                    gboolean    shared)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  SlipwayLock *lock;
  int saved_errno = 0;
  int fd = -1;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (pool != NULL, NULL);

  dir = _slipway_lock_dir (uri);
  base = g_strconcat (pool, ".pool-lock", NULL);
  path = g_build_filename (dir, base, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      open_locked (path, TRUE, shared ? F_RDLCK : F_WRLCK, &fd, &saved_errno) != OPEN_LOCKED)
    {
      g_debug ("Working on the pool %s without its lock: %s", pool,
               g_strerror (saved_errno != 0 ? saved_errno : errno));
      return NULL;
    }

  lock = g_new0 (SlipwayLock, 1);
  lock->fd = fd;
  lock->path = g_steal_pointer (&path);
  lock->pool = TRUE;

  return lock;
}
