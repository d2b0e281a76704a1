-- AlterTable
ALTER TABLE "documents" ADD COLUMN     "object_keys" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "original_url" TEXT;
