/* slipway-test-utils.h: helpers shared by the C tests
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libvirt/libvirt.h>

#include "slipway.h"
#include "test-slowdown.h"

G_BEGIN_DECLS

/* libvirt's test driver: its state lives as long as one connection to it. */
#define SLIPWAY_TEST_URI "test:///default"

/* How long the waits below spin before the test fails: 60 s, times
 * slipway_test_slowdown(). */
#define SLIPWAY_TEST_TIMEOUT_S 60
#define slipway_test_timeout_s() (SLIPWAY_TEST_TIMEOUT_S * slipway_test_slowdown ())

/* Async results ----------------------------------------------------------- */

/* A GAsyncReadyCallback: stores a reference to @result in the
 * GAsyncResult * that @user_data points to. */
void              slipway_test_store_result_cb (GObject       *object,
                                                GAsyncResult  *result,
                                                gpointer       user_data);
/* For spin-until predicates: whether the GAsyncResult * at @slot is set. */
gboolean          slipway_test_result_is_set   (gpointer       slot);
/* Spins the default main context until @predicate holds; fails the test
 * (naming @what) after SLIPWAY_TEST_TIMEOUT_S. */
void              slipway_test_spin_until      (GSourceFunc    predicate,
                                                gpointer       data,
                                                const char    *what);
/* Spins until *@slot is set by slipway_test_store_result_cb(); returns it
 * (still owned by @slot). */
GAsyncResult     *slipway_test_wait_result     (GAsyncResult **slot);
/* A "notify" handler that counts: @count points to a guint. */
void              slipway_test_count_notify_cb (GObject       *object,
                                                GParamSpec    *pspec,
                                                gpointer       count);
/* Drops the caller's reference to @object and waits, bounded, until it is
 * finalized: a finished GTask may still hold its source object in a worker
 * thread for a moment after its callback ran. */
void              slipway_test_unref_and_wait  (gpointer       object);

/* The environment --------------------------------------------------------- */

/* A fresh temporary HOME and XDG base folders inside it, set in the
 * environment, for tests that cannot use G_TEST_OPTION_ISOLATE_DIRS
 * (gtk_test_init()). Returns the new HOME; remove it with
 * slipway_test_remove_tree(). */
char             *slipway_test_isolate_home    (const char    *prefix);
char             *slipway_test_make_disk_image (void);
/* Deletes @path and everything below it; symbolic links are not followed. */
void              slipway_test_remove_tree     (const char    *path);
/* The full path of @program, or %NULL after failing the test (a missing
 * tool FAILS, loudly: the message names the Debian @package). */
char             *slipway_test_require_program (const char    *program,
                                                const char    *package);
/* What a program printed, and how it ended (-1: not by exit()). */
typedef struct
{
  int   status;
  char *out;
  char *err;
} SlipwayTestRun;

/* Runs @argv (argv[0] looked up in PATH) and collects its output; %TRUE if
 * it exited with 0. */
gboolean          slipway_test_run             (const char * const *argv,
                                                SlipwayTestRun     *result);
void              slipway_test_run_clear       (SlipwayTestRun     *result);
/* A new temporary file holding @contents; the caller unlinks it. */
char             *slipway_test_write_temp      (const char    *name,
                                                const char    *contents);
/* Runs the real `cloud-init schema --config-file`; returns whether it
 * accepted @text, with its output in @output. */
gboolean          slipway_test_cloud_init_schema_accepts (const char  *text,
                                                          char       **output);
/* The test driver kept open for the whole program, so that what one
 * connection defines stays visible to the next. Opened on first use;
 * borrowed. */
virConnectPtr     slipway_test_keep_alive      (void);
/* Closes it again (at the end of main(), for leak checkers). */
void              slipway_test_keep_alive_close (void);

/* Specs and topologies ---------------------------------------------------- */

/* A default spec named @name on @subnet (may be %NULL) with the given
 * numbers of nodes per role and "/images/debian.qcow2" as image. */
SlipwaySpec      *slipway_test_make_spec       (const char    *name,
                                                const char    *subnet,
                                                guint          gateways,
                                                guint          controls,
                                                guint          workers);
/* slipway_test_make_spec() made into a topology; asserts that it is valid. */
SlipwayTopology  *slipway_test_make_topology   (const char    *name,
                                                const char    *subnet,
                                                guint          gateways,
                                                guint          controls,
                                                guint          workers);
/* Every problem as "error: …" or "warning: …", one per line: the format of
 * the .expected files of the spec corpus. */
char             *slipway_test_problems_to_lines (GPtrArray   *problems);

/* The object model on the test driver ------------------------------------- */

/* A connection to @uri that has connected and read its clusters once. */
SlipwayConnection *slipway_test_open_connection (const char        *uri);
void              slipway_test_close_connection (SlipwayConnection *connection);
SlipwaySpec      *slipway_test_small_spec      (const char        *name,
                                                const char        *image);
/* Creates the cluster of @spec and asserts it worked. */
SlipwayPlan      *slipway_test_plan_spec       (SlipwayConnection    *connection,
                                               const SlipwaySpec    *spec);
SlipwayCluster   *slipway_test_create_cluster  (SlipwayConnection    *connection,
                                                const SlipwaySpec    *spec);
/* Runs @kind on @targets (%NULL: every node) and waits for it. */
gboolean          slipway_test_run_operation   (SlipwayCluster       *cluster,
                                                SlipwayOperationKind  kind,
                                                const char * const   *targets,
                                                GError              **error);
/* Destroys @cluster with @flags and asserts it worked. */
void              slipway_test_destroy_cluster (SlipwayCluster       *cluster,
                                                SlipwayDestroyFlags   flags);

G_END_DECLS
