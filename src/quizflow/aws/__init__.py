"""Running on AWS: the Lambda entry points and Secrets Manager credentials.

Nothing here is imported unless the process runs on AWS (or a test asks for it): boto3 and
Mangum stay out of the CLI and the local server.
"""
