#!/usr/bin/env node
/**
 * The `qtm` command's entry. `qtm fit --input` first starts the worker thread its fit will use
 * (cli/early-fit-thread.ts), so that the thread boots and loads the fitting code on the second core while this
 * thread loads commander and the command's modules; only then is the command line loaded and run
 * (cli/program.ts). A static import of it would be loaded before the thread starts.
 */
import { startFitThreadEarly } from './early-fit-thread';

startFitThreadEarly(process.argv);
void import('./program').then(({ runCli }) => runCli(process.argv));
