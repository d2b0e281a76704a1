-- CreateEnum
CREATE TYPE "scenario_audience" AS ENUM ('everyone', 'classes', 'link');

-- CreateEnum
CREATE TYPE "grant_right" AS ENUM ('edit', 'results');

-- AlterTable
ALTER TABLE "scenarios" ADD COLUMN     "audience" "scenario_audience" NOT NULL DEFAULT 'everyone',
ADD COLUMN     "share_token" VARCHAR(64);

-- CreateTable
CREATE TABLE "classes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "owner_id" UUID NOT NULL,
    "title" VARCHAR(300) NOT NULL,
    "join_code" VARCHAR(16),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "classes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "class_members" (
    "class_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "joined_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "class_members_pkey" PRIMARY KEY ("class_id","user_id")
);

-- CreateTable
CREATE TABLE "class_assignments" (
    "class_id" UUID NOT NULL,
    "scenario_id" UUID NOT NULL,
    "open_at" TIMESTAMPTZ(6),
    "due_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "class_assignments_pkey" PRIMARY KEY ("class_id","scenario_id")
);

-- CreateTable
CREATE TABLE "scenario_grants" (
    "scenario_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "right" "grant_right" NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scenario_grants_pkey" PRIMARY KEY ("scenario_id","user_id")
);

-- CreateTable
CREATE TABLE "class_grants" (
    "class_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "right" "grant_right" NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "class_grants_pkey" PRIMARY KEY ("class_id","user_id")
);

-- CreateTable
CREATE TABLE "scenario_shares" (
    "scenario_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "opened_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scenario_shares_pkey" PRIMARY KEY ("scenario_id","user_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "classes_join_code_key" ON "classes"("join_code");

-- CreateIndex
CREATE INDEX "classes_owner_id_idx" ON "classes"("owner_id");

-- CreateIndex
CREATE INDEX "class_members_user_id_idx" ON "class_members"("user_id");

-- CreateIndex
CREATE INDEX "class_assignments_scenario_id_idx" ON "class_assignments"("scenario_id");

-- CreateIndex
CREATE INDEX "scenario_grants_user_id_idx" ON "scenario_grants"("user_id");

-- CreateIndex
CREATE INDEX "class_grants_user_id_idx" ON "class_grants"("user_id");

-- CreateIndex
CREATE INDEX "scenario_shares_user_id_idx" ON "scenario_shares"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "scenarios_share_token_key" ON "scenarios"("share_token");

-- AddForeignKey
ALTER TABLE "classes" ADD CONSTRAINT "classes_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_members" ADD CONSTRAINT "class_members_class_id_fkey" FOREIGN KEY ("class_id") REFERENCES "classes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_members" ADD CONSTRAINT "class_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_assignments" ADD CONSTRAINT "class_assignments_class_id_fkey" FOREIGN KEY ("class_id") REFERENCES "classes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_assignments" ADD CONSTRAINT "class_assignments_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenarios"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario_grants" ADD CONSTRAINT "scenario_grants_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenarios"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario_grants" ADD CONSTRAINT "scenario_grants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_grants" ADD CONSTRAINT "class_grants_class_id_fkey" FOREIGN KEY ("class_id") REFERENCES "classes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_grants" ADD CONSTRAINT "class_grants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario_shares" ADD CONSTRAINT "scenario_shares_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenarios"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario_shares" ADD CONSTRAINT "scenario_shares_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written (Prisma cannot express CHECKs): an assignment falls due after it opens.
ALTER TABLE "class_assignments" ADD CONSTRAINT "class_assignments_due_after_open" CHECK ("open_at" IS NULL OR "due_at" IS NULL OR "due_at" > "open_at");
