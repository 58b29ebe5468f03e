/** The command line: {@code demo}, {@code serve}, {@code pretrain}, {@code replay} and {@code models}; the only place parts are wired. */
package io.streamadapt.cli;
