/* SPDX-License-Identifier: MIT */
/*
 * Everything a bare-metal cellforge guest usually needs. A guest is one C file that
 * defines guest_main() (see boot.h) and links against the kit (see meson.build).
 */
#ifndef KIT_KIT_H
#define KIT_KIT_H

#include "kit/arch.h"
#include "kit/boot.h"
#include "kit/config.h"
#include "kit/console.h"
#include "kit/exception.h"
#include "kit/fdt.h"
#include "kit/format.h"
#include "kit/gicv3.h"
#include "kit/psci.h"
#include "kit/smp.h"
#include "kit/spinlock.h"
#include "kit/string.h"
#include "kit/timer.h"

#endif
