/** Human-facing output: summary tables and learning-curve charts (PNG). */
package io.streamadapt.report;
