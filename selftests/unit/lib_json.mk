# SPDX-License-Identifier: GPL-2.0
lib_json_SRCS := $(TOP)/userspace/lib/json.c
