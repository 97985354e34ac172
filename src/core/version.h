/* version.h: the program version, recorded in every stored run. */
#ifndef NTM_VERSION_H
#define NTM_VERSION_H
#define NTM_VERSION "0.1.0"
#endif
