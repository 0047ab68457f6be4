export * from "./units";
export * from "./calendar";
export * from "./imports";
export * from "./evidence";
export * from "./publication";
export * from "./users";
export * from "./settings";
export * from "./notices";
