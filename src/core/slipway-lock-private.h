/* slipway-lock-private.h: one operation per cluster, across processes
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-lock-private.h is private to libslipway and its tests."
#endif

#include <glib.h>

#include "slipway-types.h"

G_BEGIN_DECLS

/* A lock on one cluster of one libvirt URI, held by this process: an open
 * file description locked with an OFD lock, so the kernel lets it go when
 * the process ends, however it ends. The file says who holds it. */
typedef struct _SlipwayLock SlipwayLock;

/* Who holds a cluster's lock, as its file says. */
typedef struct
{
  char                 *program;     /* NULL when the file says nothing yet */
  GPid                  pid;
  SlipwayOperationKind  operation;
  gboolean              known_operation;
  char                **nodes;       /* NULL or empty: the whole cluster */
} SlipwayLockHolder;

/* $XDG_RUNTIME_DIR/slipway/<hash of @uri>: one folder per user and URI. */
char              *_slipway_lock_dir            (const char            *uri);
char              *_slipway_lock_path           (const char            *uri,
                                                 const char            *cluster);

/* Takes @cluster's lock without waiting; SLIPWAY_ERROR_BUSY saying who
 * holds it when another open file holds it (in this process or another). */
SlipwayLock       *_slipway_lock_acquire        (const char            *uri,
                                                 const char            *cluster,
                                                 SlipwayOperationKind   operation,
                                                 const char * const    *nodes,
                                                 GError               **error);
/* Removes the file and lets the lock go. */
void               _slipway_lock_release        (SlipwayLock           *lock);

/* Who holds @cluster's lock now, or NULL when nobody does. */
SlipwayLockHolder *_slipway_lock_query          (const char            *uri,
                                                 const char            *cluster);
void               _slipway_lock_holder_free    (SlipwayLockHolder     *holder);
/* "worker0 of cluster “lab” is being reset by slipwayctl, pid 4242. …" */
char              *_slipway_lock_holder_describe (const SlipwayLockHolder *holder,
                                                  const char               *cluster);

/* The storage pool's own lock, held while it is refreshed or a volume is
 * made in it: libvirt refuses a refresh while another client builds a
 * volume ("pool has asynchronous jobs running"). Waits for it; only from
 * a worker thread. Never fails: without a lock folder it returns NULL. */
SlipwayLock       *_slipway_lock_pool           (const char            *uri,
                                                 const char            *pool,
                                                 gboolean               shared);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayLock, _slipway_lock_release)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayLockHolder, _slipway_lock_holder_free)

G_END_DECLS
