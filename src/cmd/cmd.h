/* cmd.h: the subcommands, one file each in src/cmd/ (see the table in main.c). */
#ifndef NTM_CMD_H
#define NTM_CMD_H

#include "cli.h"

int cmd_init(int argc, char **argv, ntm_cli *cli);
int cmd_catalog(int argc, char **argv, ntm_cli *cli);
int cmd_import(int argc, char **argv, ntm_cli *cli);
int cmd_status(int argc, char **argv, ntm_cli *cli);
int cmd_fit(int argc, char **argv, ntm_cli *cli);
int cmd_project(int argc, char **argv, ntm_cli *cli);
int cmd_plot(int argc, char **argv, ntm_cli *cli);

#endif
