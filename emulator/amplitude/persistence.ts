import { JsonStateFile } from "../core/state-file";
import type { EmulatorState } from "./model";
import { parseEmulatorState } from "./state-schema";

/** The Amplitude emulator's state file: {@link JsonStateFile} with the Amplitude state schema. */
export class StateFile extends JsonStateFile<EmulatorState> {
  /**
   * @param path - file path
   * @param read - returns the state to save
   */
  constructor(path: string, read: () => EmulatorState) {
    super(path, read, parseEmulatorState, "amplitude-emulator");
  }
}
