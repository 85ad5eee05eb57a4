/* slipway-error.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

#define SLIPWAY_ERROR (slipway_error_quark ())

/**
 * SlipwayError:
 * @SLIPWAY_ERROR_INVALID_SPEC: the cluster description is wrong; the message
 *   lists every problem with its group and key
 * @SLIPWAY_ERROR_NOT_FOUND: a cluster, node or role does not exist
 * @SLIPWAY_ERROR_EXISTS: the object to create exists already
 * @SLIPWAY_ERROR_HYPERVISOR: libvirt refused or failed an operation
 * @SLIPWAY_ERROR_IMAGE: the base image cannot be read or imported
 * @SLIPWAY_ERROR_KEYS: SSH keys cannot be made or stored
 * @SLIPWAY_ERROR_SEED: the cloud-init seed cannot be built
 * @SLIPWAY_ERROR_NOT_OWNED: the object exists but Slipway did not make it
 * @SLIPWAY_ERROR_TIMEOUT: an operation did not finish in time
 * @SLIPWAY_ERROR_BUSY: another program holds the resource (a serial console)
 *   or another operation runs on the cluster
 * @SLIPWAY_ERROR_CONSOLE_TAKEN: an open serial console failed, nearly always
 *   because another program took it over
 * @SLIPWAY_ERROR_NOT_RUNNING: nodes do not run, so they will not get ready
 * @SLIPWAY_ERROR_HOST_KEY_MISMATCH: nodes answer with another SSH host key
 *   than the one Slipway gave them
 * @SLIPWAY_ERROR_CLOUD_INIT: cloud-init finished on nodes and reported errors
 */
typedef enum
{
  SLIPWAY_ERROR_INVALID_SPEC,
  SLIPWAY_ERROR_NOT_FOUND,
  SLIPWAY_ERROR_EXISTS,
  SLIPWAY_ERROR_HYPERVISOR,
  SLIPWAY_ERROR_IMAGE,
  SLIPWAY_ERROR_KEYS,
  SLIPWAY_ERROR_SEED,
  SLIPWAY_ERROR_NOT_OWNED,
  SLIPWAY_ERROR_TIMEOUT,
  SLIPWAY_ERROR_BUSY,
  SLIPWAY_ERROR_CONSOLE_TAKEN,
  SLIPWAY_ERROR_NOT_RUNNING,
  SLIPWAY_ERROR_HOST_KEY_MISMATCH,
  SLIPWAY_ERROR_CLOUD_INIT,
} SlipwayError;

GQuark slipway_error_quark (void);

G_END_DECLS
