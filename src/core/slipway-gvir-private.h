/* slipway-gvir-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-gvir-private.h is private to libslipway and its tests."
#endif

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libvirt-gconfig/libvirt-gconfig.h>
#include <libvirt-gobject/libvirt-gobject.h>

G_BEGIN_DECLS

/* libvirt-glib 4.0 (Debian 12) ships no g_autoptr() cleanups, and neither
 * does libvirt itself; keep them here only, so that no two headers ever
 * define the same cleanup. Add a type when you first need it.
 */

/* libvirt-gconfig */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigObject, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigCapabilities, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigCapabilitiesGuest, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigCapabilitiesHost, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomain, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainChardevSourcePty, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainConsole, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainCpu, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainDevice, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainDisk, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainDiskDriver, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainInterface, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainInterfaceNetwork, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainMemballoon, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainOs, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainSerial, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigNetwork, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStoragePermissions, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStoragePool, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStoragePoolTarget, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStorageVol, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStorageVolBackingStore, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStorageVolTarget, g_object_unref)

/* libvirt-gobject */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConnection, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirDomain, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirNetwork, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirStoragePool, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirStorageVol, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirStream, g_object_unref)

/* Raw libvirt handles, e.g. from g_object_get (obj, "handle", &ptr, NULL),
 * which hands out a new reference: g_autoptr(virNetwork) net = NULL;
 */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virConnect, virConnectClose)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virDomain, virDomainFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virNetwork, virNetworkFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virStoragePool, virStoragePoolFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virStorageVol, virStorageVolFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virStream, virStreamFree)

G_END_DECLS
