import { openDataHandler } from "../serve";

export const dynamic = "force-dynamic";

export const GET = openDataHandler("json");
